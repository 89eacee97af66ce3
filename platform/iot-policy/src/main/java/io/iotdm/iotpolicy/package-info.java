/**
 * The AWS IoT policy language: documents parsed, validated and compiled once ({@code PolicyParser}), and a principal's
 * effective policies evaluated per action, resource and connection context ({@code EffectivePolicies}), with policy
 * variables and conditions. Pure: no framework, no I/O.
 */
package io.iotdm.iotpolicy;

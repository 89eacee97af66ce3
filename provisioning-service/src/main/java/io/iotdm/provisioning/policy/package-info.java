/**
 * IoT policies and their versions (docs/aws-behaviour.md §6.4): CreatePolicy, GetPolicy, DeletePolicy, ListPolicies
 * and the five version operations. Documents are validated and compiled with platform/iot-policy.
 */
package io.iotdm.provisioning.policy;

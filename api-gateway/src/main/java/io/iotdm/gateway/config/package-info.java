/**
 * The api-gateway's configuration ({@code iotdm.gateway.*}).
 */
package io.iotdm.gateway.config;

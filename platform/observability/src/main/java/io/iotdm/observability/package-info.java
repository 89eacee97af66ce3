/**
 * What every iotdm process shares to be watched: the request id in the log context, the meters of AWS requests, and
 * (in {@code META-INF/microprofile-config.properties}) the configuration of metrics, traces and JSON logs.
 */
package io.iotdm.observability;

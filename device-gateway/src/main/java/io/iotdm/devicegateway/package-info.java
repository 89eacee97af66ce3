/**
 * The device gateway: the MQTT endpoint for devices (docs/architecture.md §1). An embedded HiveMQ CE broker listens
 * with TLS and requires an X.509 client certificate; the gateway's own extension authenticates each CONNECT against
 * provisioning-service and authorizes every connect, publish, subscribe and delivery with the IoT policies in force
 * (docs/aws-behaviour.md §9).
 */
package io.iotdm.devicegateway;

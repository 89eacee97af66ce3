/**
 * The device simulator behind {@code ./iotdm simulate}: a fleet of MQTT devices (HiveMQ MQTT client over mutual TLS,
 * one shared Netty event loop) provisioned through the AWS API of a running stack, reporting their shadows and running
 * their jobs. bench measures the device gateway with these same devices.
 */
package io.iotdm.simulator;

/**
 * iot-data Publish (to the internal topic {@code iotdm.mqtt.publish}) and retained messages (GetRetainedMessage,
 * ListRetainedMessages).
 */
package io.iotdm.registry.messaging;

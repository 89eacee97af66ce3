/**
 * iot-data Publish (to {@code iotdm.mqtt.publish}, platform/events {@code MqttMessages}, which the device gateways
 * deliver) and retained messages (GetRetainedMessage, ListRetainedMessages), those of iot-data's Publish and those that
 * devices publish (docs/aws-behaviour.md §9.7).
 */
package io.iotdm.registry.messaging;

/**
 * The {@code $aws/events} payloads and the Kafka topics, keys and headers they travel with, and the internal
 * dynamic-group messages.
 */
package io.iotdm.events;

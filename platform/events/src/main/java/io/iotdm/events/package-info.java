/**
 * The {@code $aws/events} payloads and the Kafka topics, keys and headers they travel with, and the internal
 * dynamic-group messages, and the account settings the device gateway follows (AccountConfiguration).
 */
package io.iotdm.events;

package io.iotdm.registry.messaging;

import java.time.Instant;

/**
 * The message retained for a topic: the last one published there with the RETAIN flag and a payload.
 *
 * @param userProperties the JSON array of user properties, or {@code null}
 */
public record RetainedMessage(String topic, byte[] payload, int qos, String userProperties, Instant lastModifiedTime) {}

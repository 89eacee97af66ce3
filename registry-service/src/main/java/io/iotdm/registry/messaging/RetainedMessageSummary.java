package io.iotdm.registry.messaging;

import java.time.Instant;

/** A retained message as ListRetainedMessages lists it, without its payload. */
public record RetainedMessageSummary(String topic, long payloadSize, int qos, Instant lastModifiedTime) {}

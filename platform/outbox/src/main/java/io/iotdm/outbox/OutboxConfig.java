package io.iotdm.outbox;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "iotdm.outbox")
public interface OutboxConfig {

    /**
     * Room for Kafka's own bytes around an event: the record batch header (61 bytes) and the varint lengths of the
     * record, its key, value and headers, well under 1 KiB for the few headers an event has.
     */
    int RECORD_OVERHEAD_BYTES = 1024;

    /** Whether this instance relays; only one instance relays at a time in any case (an advisory lock). */
    @WithDefault("true")
    boolean relayEnabled();

    /** The most events one round reads and publishes. */
    @WithDefault("500")
    int batchSize();

    /** How often the relay looks for events committed by other instances; its own commits wake it at once. */
    @WithDefault("100ms")
    Duration pollInterval();

    /**
     * The largest event the outbox accepts: its key, header names and values and payload, in UTF-8 bytes. A larger
     * one fails its transaction (RequestEntityTooLargeException, 413). The relay's producer takes records of this
     * size plus {@link #RECORD_OVERHEAD_BYTES} ({@code max.request.size}); the default makes that Kafka's default
     * 1 MiB, which the broker's default {@code message.max.bytes} accepts. Raising it needs the brokers' (and the
     * topics') limits raised as well, or the relay moves the events they refuse to the dead-letter table.
     */
    @WithDefault("1047552")
    int maxEventBytes();

    /** The producer's {@code max.request.size}: the largest event and Kafka's bytes around it. */
    default int maxRequestBytes() {
        return maxEventBytes() + RECORD_OVERHEAD_BYTES;
    }
}

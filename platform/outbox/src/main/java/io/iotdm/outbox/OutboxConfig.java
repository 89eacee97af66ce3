package io.iotdm.outbox;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "iotdm.outbox")
public interface OutboxConfig {

    /** Whether this instance relays; only one instance relays at a time in any case (an advisory lock). */
    @WithDefault("true")
    boolean relayEnabled();

    /** The most events one round reads and publishes. */
    @WithDefault("500")
    int batchSize();

    /** How often the relay looks for events committed by other instances; its own commits wake it at once. */
    @WithDefault("100ms")
    Duration pollInterval();
}

package io.iotdm.indexing.consumer;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "iotdm.indexing")
public interface IndexingConfig {

    /**
     * Whether this instance consumes events into the index (off for an instance that only answers searches): the
     * {@code thing-index} and {@code dynamic-group-definitions} channels' {@code enabled}.
     */
    @WithDefault("true")
    boolean consumerEnabled();

    /** The consumer group ({@code thing-index}'s {@code group.id}): instances share the partitions of the event topics. */
    @WithDefault("iotdm-indexing")
    String groupId();

    /** The first pause after a failed bulk or failed decisions; it doubles up to {@link #retryMaxBackoff()}. */
    @WithDefault("200ms")
    Duration retryInitialBackoff();

    @WithDefault("10s")
    Duration retryMaxBackoff();

    /** How often OpenSearch re-runs an update that met a concurrent write of the same document. */
    @WithDefault("5")
    int retryOnConflict();
}

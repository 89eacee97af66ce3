package io.iotdm.indexing.consumer;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "iotdm.indexing")
public interface IndexingConfig {

    /** Whether this instance consumes events into the index (off for an instance that only answers searches). */
    @WithDefault("true")
    boolean consumerEnabled();

    /** MEASUREMENT ONLY (issue 13): run {@link HandWrittenLoop} instead of {@link IndexingConsumer}. */
    @WithDefault("false")
    boolean handWrittenLoop();

    /** The consumer group: instances share the partitions of the event topics. */
    @WithDefault("iotdm-indexing")
    String groupId();

    /** The most records one bulk is built from (and the consumer's max.poll.records). */
    @WithDefault("500")
    int batchSize();

    /** How long a batch waits to fill once its first record arrived: the added indexing latency. */
    @WithDefault("100ms")
    Duration maxWait();

    /** The first pause after a failed bulk; it doubles up to {@link #retryMaxBackoff()}. */
    @WithDefault("200ms")
    Duration retryInitialBackoff();

    @WithDefault("10s")
    Duration retryMaxBackoff();

    /** How often OpenSearch re-runs an update that met a concurrent write of the same document. */
    @WithDefault("5")
    int retryOnConflict();
}

package io.iotdm.indexing.consumer;

import jakarta.inject.Singleton;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * How far this instance's consumer has written the event topics into the index: for each partition, the offset after
 * the last record whose update OpenSearch has applied, found stale or refused (written, not yet searchable: a refresh
 * makes it so). Searches that must see what was just written wait on it ({@link #nextBatch()}) rather than asking
 * OpenSearch again and again. Partitions other instances own are not here: their progress is the group's committed
 * offsets, committed only after the documents are written.
 */
@Singleton
public class IndexProgress {

    private final Map<TopicPartition, Long> written = new ConcurrentHashMap<>();
    private final AtomicReference<CompletableFuture<Void>> nextBatch = new AtomicReference<>(new CompletableFuture<>());

    /** @return the offset after the last record of the partition this instance wrote, -1 if none */
    public long written(TopicPartition partition) {
        return written.getOrDefault(partition, -1L);
    }

    /** Completes when this instance's consumer has next written a batch. */
    public CompletableFuture<Void> nextBatch() {
        return nextBatch.get();
    }

    void wrote(Map<TopicPartition, OffsetAndMetadata> offsets) {
        offsets.forEach((partition, next) -> written.merge(partition, next.offset(), Math::max));
        nextBatch.getAndSet(new CompletableFuture<>()).complete(null);
    }
}

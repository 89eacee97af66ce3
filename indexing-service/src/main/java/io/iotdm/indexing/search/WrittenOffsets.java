package io.iotdm.indexing.search;

import io.smallrye.mutiny.Uni;
import java.util.concurrent.CompletableFuture;

/**
 * How far the consumer group has written the event topics into the index ({@link
 * io.iotdm.indexing.consumer.IndexedOffsets}). An interface here, implemented by the consumer: the consumer hands its
 * batches to the dynamic groups' decisions, whose queries this package translates, so this package must not depend on
 * the consumer.
 */
public interface WrittenOffsets {

    /** @return whether every record on the event topics when called was written by the deadline ({@link System#nanoTime()}) */
    Uni<Boolean> written(long deadline);

    /** Completes when this instance's consumer has next written a batch. */
    CompletableFuture<Void> nextBatch();
}

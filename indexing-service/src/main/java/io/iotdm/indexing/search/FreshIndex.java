package io.iotdm.indexing.search;

import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * Waits until a search sees every change committed to the registry and group-service before the call: each change
 * sits in its service's outbox until the relay publishes it to Kafka ({@link SourcesPublished}), then the topics' end
 * offsets read after that are written into the index by the consumer group ({@link WrittenOffsets}), then a refresh
 * that began after that makes them searchable ({@link IndexRefresher}). Each step waits on a signal (the relay's
 * passes, the consumer's batches, the refresh's answer), not on OpenSearch asked again and again.
 */
@Singleton
class FreshIndex {

    private static final Logger LOG = Logger.getLogger(FreshIndex.class);

    /** Beyond the bound, for the refresh that follows a wait that ended just in time. */
    private static final Duration REFRESH_ALLOWANCE = Duration.ofMillis(500);

    private final SourcesPublished sources;
    private final WrittenOffsets offsets;
    private final IndexRefresher refresher;

    FreshIndex(SourcesPublished sources, WrittenOffsets offsets, IndexRefresher refresher) {
        this.sources = sources;
        this.offsets = offsets;
        this.refresher = refresher;
    }

    /**
     * @param deadline {@link System#nanoTime()} after which the wait gives up: the search then answers with what the
     *     index holds
     * @return whether the index caught up with every change committed before the call by the deadline
     */
    Uni<Boolean> caughtUp(long deadline) {
        Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
        return sources.published(left)
                .flatMap(published -> offsets.written(deadline)
                        .flatMap(written -> written
                                // what reached the topics is searchable even when a service could not say
                                ? refresher.refresh().replaceWith(published)
                                : Uni.createFrom().item(false)))
                // Kafka's admin calls wait up to a minute for an unreachable broker: the bound is the search's
                .ifNoItem()
                .after(left.plus(REFRESH_ALLOWANCE))
                .recoverWithItem(false)
                .onFailure()
                .recoverWithItem(failure -> {
                    LOG.warnf(
                            "Waiting for the index to catch up failed; answering from the index as it is: %s", failure);
                    return false;
                });
    }
}

package io.iotdm.indexing.config;

import io.iotdm.indexing.opensearch.ServiceDocuments;
import jakarta.inject.Singleton;
import java.util.Optional;

/**
 * The {@link ThingIndexState}, one document of {@link ServiceDocuments}. Readers (the consumer choosing where to
 * write, queries choosing what to check against) use a cached copy at most {@code iotdm.indexing.configuration.cache-ttl}
 * old; the rebuild coordinator reads it fresh and changes it only with a conditional write.
 *
 * <p>Blocking: call on a worker thread.
 */
@Singleton
public class ThingIndexStateStore {

    static final String DOCUMENT = "thing-index";

    /** The state as read, and the position a conditional write compares with (empty: never written). */
    public record Versioned(ThingIndexState state, Optional<ServiceDocuments.Stored> stored) {}

    private final ServiceDocuments documents;
    private final TtlCache<ThingIndexState> cache;

    ThingIndexStateStore(ServiceDocuments documents, IndexingConfigurationConfig config) {
        this.documents = documents;
        this.cache = new TtlCache<>(config.cacheTtl(), () -> fresh().state());
    }

    /** The state at most one cache TTL old; {@link ThingIndexState#NONE} before the first start. */
    public ThingIndexState current() {
        return cache.get();
    }

    public Versioned fresh() {
        Optional<ServiceDocuments.Stored> stored = documents.get(DOCUMENT);
        return new Versioned(
                stored.map(document -> ThingIndexState.fromJson(document.source()))
                        .orElse(ThingIndexState.NONE),
                stored);
    }

    /** @return the state now stored, or empty when another writer changed it since {@code expected} was read */
    public Optional<Versioned> replace(Versioned expected, ThingIndexState next) {
        if (!documents.putIf(DOCUMENT, next.toJson(), expected.stored())) {
            return Optional.empty();
        }
        cache.set(next);
        return Optional.of(fresh());
    }

    /** Forgets the state (tests and operators; the indices themselves are the coordinator's to remove). */
    public void reset() {
        documents.delete(DOCUMENT);
        cache.clear();
    }
}

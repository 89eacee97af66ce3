package io.iotdm.indexing.config;

import io.iotdm.indexing.opensearch.ServiceDocuments;
import jakarta.inject.Singleton;

/**
 * Where the indexing configuration lives: one document ({@value #DOCUMENT}) of {@link ServiceDocuments}.
 *
 * <h2>Consistency between instances</h2>
 *
 * A write is a whole-document replace (last writer wins; the API has no version to compare). Reads go through a cache
 * of {@code iotdm.indexing.configuration.cache-ttl}: the instance that wrote sees its write at once (its cache is replaced),
 * every other instance at most one TTL later. A missing index or document is the default configuration
 * ({@link IndexingSettings#DEFAULT}). What the thing index holds follows the configuration through a rebuild
 * ({@link io.iotdm.indexing.rebuild.RebuildCoordinator}), which reads it uncached ({@link #fresh()}).
 *
 * <p>Blocking: call on a worker thread.
 */
@Singleton
public class IndexingConfigurationStore {

    static final String DOCUMENT = "current";

    private final ServiceDocuments documents;
    private final TtlCache<IndexingSettings> cache;

    IndexingConfigurationStore(ServiceDocuments documents, IndexingConfigurationConfig config) {
        this.documents = documents;
        this.cache = new TtlCache<>(config.cacheTtl(), this::fresh);
    }

    /** The configuration in force, at most one cache TTL old. */
    public IndexingSettings current() {
        return cache.get();
    }

    /** The stored configuration, read now. */
    public IndexingSettings fresh() {
        return documents
                .get(DOCUMENT)
                .map(stored -> new IndexingSettings(stored.source()))
                .orElse(IndexingSettings.DEFAULT);
    }

    /** Replaces the stored configuration; visible to every instance once this returns (and the TTL). */
    public void write(IndexingSettings settings) {
        documents.put(DOCUMENT, settings.document());
        cache.set(settings);
    }

    /** Back to the default configuration (the document removed). For tests and operators. */
    public void reset() {
        documents.delete(DOCUMENT);
        cache.clear();
    }
}

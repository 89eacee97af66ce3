package io.iotdm.indexing.search;

import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch.indices.get_mapping.IndexMappingRecord;

/**
 * The keyword fields a fleet index has now that unfielded terms search (for things registry values, attributes, shadow
 * values; for groups names, description and attributes), read from the index's mapping: the mapping is dynamic, one
 * field per attribute and shadow path, so no fixed list would do. Cached per index for
 * {@link SearchConfig#fieldCacheTtl()}.
 */
@Singleton
public class FieldCatalog {

    private final OpenSearchClient client;
    private final SearchConfig config;
    private final Clock clock = Clock.systemUTC();

    private final Map<String, Snapshot> snapshots = new ConcurrentHashMap<>();

    private record Snapshot(List<String> fields, Instant readAt) {}

    FieldCatalog(OpenSearchClient client, SearchConfig config) {
        this.client = client;
        this.config = config;
    }

    /**
     * Blocking: reads the mapping when the cached list is older than the TTL.
     *
     * @param alias  the index searched
     * @param fields its query fields, which say what unfielded terms search
     */
    public List<String> unfieldedFields(String alias, QueryFields fields) {
        Snapshot current = snapshots.get(alias);
        Instant now = clock.instant();
        if (current != null && current.readAt().plus(config.fieldCacheTtl()).isAfter(now)) {
            return current.fields();
        }
        List<String> unfielded = read(alias, fields);
        snapshots.put(alias, new Snapshot(unfielded, now));
        return unfielded;
    }

    private List<String> read(String alias, QueryFields queryFields) {
        try {
            TreeSet<String> fields = new TreeSet<>();
            for (IndexMappingRecord index : client.indices()
                    .getMapping(mapping -> mapping.index(alias))
                    .result()
                    .values()) {
                index.mappings().properties().forEach((name, property) -> {
                    if (property.isKeyword() && queryFields.isUnfielded(name)) {
                        fields.add(name);
                    }
                });
            }
            return List.copyOf(fields);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package io.iotdm.indexing.search;

import io.iotdm.indexing.index.ThingIndex;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.TreeSet;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch.indices.get_mapping.IndexMappingRecord;

/**
 * The keyword fields the thing index has now that unfielded terms search (registry values, attributes, shadow
 * values), read from the index's mapping: the mapping is dynamic, one field per attribute and shadow path, so no
 * fixed list would do. Cached for {@link SearchConfig#fieldCacheTtl()}.
 */
@Singleton
public class FieldCatalog {

    private final OpenSearchClient client;
    private final SearchConfig config;
    private final Clock clock = Clock.systemUTC();

    private volatile Snapshot snapshot;

    private record Snapshot(List<String> fields, Instant readAt) {}

    FieldCatalog(OpenSearchClient client, SearchConfig config) {
        this.client = client;
        this.config = config;
    }

    /** Blocking: reads the mapping when the cached list is older than the TTL. */
    public List<String> unfieldedFields() {
        Snapshot current = snapshot;
        Instant now = clock.instant();
        if (current != null && current.readAt().plus(config.fieldCacheTtl()).isAfter(now)) {
            return current.fields();
        }
        List<String> fields = read();
        snapshot = new Snapshot(fields, now);
        return fields;
    }

    private List<String> read() {
        try {
            TreeSet<String> fields = new TreeSet<>();
            for (IndexMappingRecord index : client.indices()
                    .getMapping(mapping -> mapping.index(ThingIndex.ALIAS))
                    .result()
                    .values()) {
                index.mappings().properties().forEach((name, property) -> {
                    if (property.isKeyword() && QueryTranslator.isUnfieldedField(name)) {
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

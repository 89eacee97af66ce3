package io.iotdm.indexing.rebuild;

import com.fasterxml.jackson.databind.JsonNode;
import io.iotdm.indexing.config.IndexingSettings;
import io.iotdm.indexing.index.ThingIndex;
import io.iotdm.indexing.thing.CarriedParts;
import io.iotdm.indexing.thing.PartUpdate;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch._types.FieldValue;
import org.opensearch.client.opensearch._types.SortOrder;
import org.opensearch.client.opensearch._types.query_dsl.Query;
import org.opensearch.client.opensearch.core.SearchResponse;
import org.opensearch.client.opensearch.core.search.Hit;

/**
 * Copies the parts that are not in the registry ({@link CarriedParts}: connectivity, group memberships) from the
 * index a rebuild replaces into the new one, with their versions, as far as the new configuration stores them; events
 * that arrive meanwhile are written to both indices, and the parts' versions keep the newer.
 */
@Singleton
class CarriedPartsCopy {

    private final OpenSearchClient client;
    private final SnapshotWriter writer;

    CarriedPartsCopy(OpenSearchClient client, SnapshotWriter writer) {
        this.client = client;
        this.writer = writer;
    }

    /** @return how many parts were copied */
    long copy(String fromIndex, IndexingSettings target, int batchSize) throws IOException {
        // what the consumer wrote to the old index alone (before the build began) may not be searchable yet
        client.indices().refresh(refresh -> refresh.index(fromIndex));
        List<Query> holders = CarriedParts.SYNC_VERSIONS.stream()
                .map(field -> Query.of(q -> q.exists(exists -> exists.field(field))))
                .toList();
        long copied = 0;
        List<FieldValue> after = null;
        while (true) {
            List<FieldValue> cursor = after;
            SearchResponse<JsonNode> page = client.search(
                    search -> {
                        search.index(fromIndex)
                                .size(batchSize)
                                .query(query ->
                                        query.bool(bool -> bool.should(holders).minimumShouldMatch("1")))
                                .sort(sort -> sort.field(field ->
                                        field.field(ThingIndex.THING_NAME).order(SortOrder.Asc)))
                                .source(source -> source.filter(filter -> filter.includes(CarriedParts.SOURCE_FIELDS)));
                        if (cursor != null) {
                            search.searchAfter(cursor);
                        }
                        return search;
                    },
                    JsonNode.class);
            List<Hit<JsonNode>> hits = page.hits().hits();
            if (hits.isEmpty()) {
                return copied;
            }
            List<PartUpdate> parts = new ArrayList<>();
            for (Hit<JsonNode> hit : hits) {
                CarriedParts.of(hit.id(), hit.source()).stream()
                        .filter(part -> target.stores(part.part()))
                        .forEach(parts::add);
            }
            if (!parts.isEmpty()) {
                writer.writeParts(parts);
            }
            copied += parts.size();
            after = hits.get(hits.size() - 1).sort();
        }
    }
}

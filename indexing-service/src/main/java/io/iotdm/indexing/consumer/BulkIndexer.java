package io.iotdm.indexing.consumer;

import io.iotdm.indexing.index.ThingIndex;
import io.iotdm.indexing.thing.PartUpdate;
import io.iotdm.indexing.thing.PartUpdateScript;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;
import org.opensearch.client.json.JsonpMapper;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch._types.ErrorCause;
import org.opensearch.client.opensearch.core.BulkResponse;
import org.opensearch.client.opensearch.core.bulk.BulkOperation;
import org.opensearch.client.opensearch.core.bulk.BulkResponseItem;

/**
 * Writes part updates to the index in one bulk request of scripted upserts, through the alias (with
 * {@code require_alias}, so that a missing index is an error rather than an auto-created index under the alias's
 * name). Items of one document keep their order within the bulk, and OpenSearch applies a shard's items in order.
 */
@Singleton
class BulkIndexer {

    private static final Logger LOG = Logger.getLogger(BulkIndexer.class);

    /** Errors that name the request, not the moment: retrying cannot help. Anything else is retried. */
    private static final Set<String> PERMANENT_ERRORS = Set.of(
            "mapper_parsing_exception",
            "document_parsing_exception",
            "strict_dynamic_mapping_exception",
            "illegal_argument_exception",
            "script_exception",
            "parsing_exception",
            "x_content_parse_exception");

    /** What one bulk left to do. */
    record Outcome(List<PartUpdate> retry, boolean indexMissing) {}

    private final OpenSearchClient client;
    private final JsonpMapper mapper;
    private final IndexingConfig config;
    private final IndexingStats stats;

    BulkIndexer(OpenSearchClient client, IndexingConfig config, IndexingStats stats) {
        this.client = client;
        this.mapper = client._transport().jsonpMapper();
        this.config = config;
        this.stats = stats;
    }

    /**
     * @return the updates to try again (OpenSearch was busy, failing, or met a write conflict too often); updates
     *     refused for good are logged, counted and not returned
     * @throws IOException when the request as a whole failed: every update is to be tried again
     */
    Outcome write(List<PartUpdate> updates) throws IOException {
        if (updates.isEmpty()) {
            return new Outcome(List.of(), false);
        }
        List<BulkOperation> operations = new ArrayList<>(updates.size());
        for (PartUpdate update : updates) {
            operations.add(BulkOperation.of(operation -> operation.update(item -> item.id(update.thingName())
                    .retryOnConflict(config.retryOnConflict())
                    .scriptedUpsert(true)
                    .upsert(Map.of())
                    .script(PartUpdateScript.of(update, mapper)))));
        }
        BulkResponse response = client.bulk(
                bulk -> bulk.index(ThingIndex.ALIAS).requireAlias(true).operations(operations));
        List<PartUpdate> retry = new ArrayList<>();
        boolean indexMissing = false;
        List<BulkResponseItem> items = response.items();
        for (int i = 0; i < items.size(); i++) {
            BulkResponseItem item = items.get(i);
            PartUpdate update = updates.get(i);
            ErrorCause error = item.error();
            if (error == null) {
                if ("noop".equals(item.result())) {
                    stats.stale.incrementAndGet();
                } else {
                    stats.applied.incrementAndGet();
                }
            } else if (isPermanent(item.status(), error)) {
                stats.rejected.incrementAndGet();
                LOG.errorf(
                        "OpenSearch refused the %s update of thing %s at version %d, skipping it: %s %s",
                        update.part().name(),
                        update.thingName(),
                        update.version().version(),
                        error.type(),
                        error.reason());
            } else {
                indexMissing |= item.status() == 404;
                retry.add(update);
                LOG.debugf(
                        "Retrying the update of %s: %d %s %s",
                        update.thingName(), item.status(), error.type(), error.reason());
            }
        }
        if (!retry.isEmpty()) {
            ErrorCause first = items.stream()
                    .map(BulkResponseItem::error)
                    .filter(e -> e != null)
                    .findFirst()
                    .orElse(null);
            LOG.warnf(
                    "%d of %d index updates failed and will be retried (first: %s)",
                    retry.size(), updates.size(), first == null ? "?" : first.type() + " " + first.reason());
        }
        return new Outcome(retry, indexMissing);
    }

    /**
     * 429, 5xx, 404 (index or alias missing), 409 (write conflicts beyond retry_on_conflict) and blocks (a full disk
     * makes the index read-only) pass; a 4xx about the document itself does not.
     */
    static boolean isPermanent(int status, ErrorCause error) {
        if (status == 429 || status >= 500 || status == 404 || status == 409 || status == 408) {
            return false;
        }
        if ("cluster_block_exception".equals(error.type())) {
            return false;
        }
        return status >= 400 && (PERMANENT_ERRORS.contains(error.type()) || status == 400);
    }
}

package io.iotdm.indexing.consumer;

import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iotdm.indexing.config.ThingIndexState;
import io.iotdm.indexing.dynamic.IndexedThing;
import io.iotdm.indexing.index.GroupIndex;
import io.iotdm.indexing.index.ThingIndex;
import io.iotdm.indexing.opensearch.BulkErrors;
import io.iotdm.indexing.thing.FieldBudget;
import io.iotdm.indexing.thing.PartUpdate;
import io.iotdm.indexing.thing.PartUpdateScript;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;
import org.opensearch.client.json.JsonData;
import org.opensearch.client.json.JsonpMapper;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch._types.ErrorCause;
import org.opensearch.client.opensearch.core.BulkResponse;
import org.opensearch.client.opensearch.core.bulk.BulkOperation;
import org.opensearch.client.opensearch.core.bulk.BulkResponseItem;

/**
 * Writes part updates in one bulk request of scripted upserts: thing groups to {@link GroupIndex}, thing parts to every
 * index that the {@link ThingIndexState} names: the live one and, during a rebuild, the one being built (each only the
 * parts its configuration stores), through
 * their aliases (with {@code require_alias}, so that a missing index is an error rather than an auto-created index
 * under the alias's name). Items of one document keep their order within the bulk, and OpenSearch applies a shard's
 * items in order.
 *
 * <p>The items written to the live index ask for the document as the write left it ({@code _source}, without the
 * shadow documents and bookkeeping, with its {@code _seq_no} and {@code _primary_term}), returned with the outcome:
 * the dynamic-group memberships of those things are decided from it ({@code MembershipDecisions}) before the batch
 * counts as done. One round trip instead of a multi-get after the bulk; a no-op write returns the document too, so a
 * batch replayed after a crash between write and decision is still decided.
 */
@Singleton
class BulkIndexer {

    private static final Logger LOG = Logger.getLogger(BulkIndexer.class);

    /** What one bulk left to do, and the live documents it wrote (their memberships are to be decided). */
    record Outcome(List<PartUpdate> retry, List<IndexedThing> live) {}

    private final OpenSearchClient client;
    private final JsonpMapper mapper;
    private final IndexingConfig config;
    private final IndexingStats stats;
    private final FieldBudget budget;

    private static final JsonMapper JSON = new JsonMapper();
    /** What no dynamic-group query reads: left out of the source the live items return. */
    private static final List<String> NOT_PERCOLATED = List.of("shadowDocument.*", "sync.*");

    BulkIndexer(OpenSearchClient client, IndexingConfig config, IndexingStats stats, FieldBudget budget) {
        this.client = client;
        this.mapper = client._transport().jsonpMapper();
        this.config = config;
        this.stats = stats;
        this.budget = budget;
    }

    /**
     * @return the updates to try again (OpenSearch was busy, failing, or met a write conflict too often, or the
     *     mapping had no room for an update's new fields: {@link FieldBudget}); updates refused for good are logged,
     *     counted and not returned
     * @throws IOException when the request as a whole failed: every update is to be tried again
     */
    Outcome write(List<PartUpdate> updates, ThingIndexState state) throws IOException {
        List<BulkOperation> operations = new ArrayList<>(updates.size());
        List<PartUpdate> written = new ArrayList<>(updates.size());
        List<Boolean> toLive = new ArrayList<>(updates.size());
        for (PartUpdate update : updates) {
            if (update.part().isThingGroup()) {
                operations.add(PartUpdateScript.bulkItem(GroupIndex.ALIAS, update, config.retryOnConflict(), mapper));
                written.add(update);
                toLive.add(false);
                continue;
            }
            boolean stored = false;
            if (state.live() != null && state.live().settings().stores(update.part())) {
                operations.add(PartUpdateScript.bulkItem(
                        ThingIndex.ALIAS,
                        budget.fit(state.live().index(), update),
                        config.retryOnConflict(),
                        mapper,
                        NOT_PERCOLATED));
                written.add(update);
                toLive.add(true);
                stored = true;
            }
            if (state.building() != null && state.building().target().settings().stores(update.part())) {
                operations.add(PartUpdateScript.bulkItem(
                        ThingIndex.BUILD_ALIAS,
                        budget.fit(state.building().target().index(), update),
                        config.retryOnConflict(),
                        mapper));
                written.add(update);
                toLive.add(false);
                stored = true;
            }
            if (!stored) {
                stats.notIndexed.incrementAndGet(); // a part the configuration does not index
            }
        }
        if (operations.isEmpty()) {
            return new Outcome(List.of(), List.of());
        }
        long started = System.nanoTime();
        BulkResponse response = client.bulk(bulk -> bulk.requireAlias(true).operations(operations));
        stats.bulkMillis.addAndGet((System.nanoTime() - started) / 1_000_000);
        Set<PartUpdate> retry = new LinkedHashSet<>();
        List<BulkResponseItem> items = response.items();
        List<IndexedThing> live = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            BulkResponseItem item = items.get(i);
            PartUpdate update = written.get(i);
            ErrorCause error = item.error();
            if (error == null && toLive.get(i)) {
                indexed(item, update.part().member() != null).ifPresent(live::add);
            }
            if (error == null) {
                if ("noop".equals(item.result())) {
                    stats.stale.incrementAndGet();
                } else {
                    stats.applied.incrementAndGet();
                }
            } else if (!update.part().isThingGroup() && budget.refusedForRoom(item.index(), update, error, started)) {
                retry.add(update); // again without the fields the mapping has no room for
            } else if (BulkErrors.isPermanent(item.status(), error)) {
                stats.rejected.incrementAndGet();
                LOG.errorf(
                        "OpenSearch refused the %s update of %s at version %d, skipping it: %s %s",
                        update.part().name(), update.id(), update.version().version(), error.type(), error.reason());
            } else {
                retry.add(update);
                LOG.debugf(
                        "Retrying the update of %s: %d %s %s",
                        update.id(), item.status(), error.type(), error.reason());
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
        // an update that failed on one index is retried on all: on the other it is found applied and does nothing
        return new Outcome(List.copyOf(retry), live);
    }

    /** The document a live-index item left, as the item returned it. */
    private java.util.Optional<IndexedThing> indexed(BulkResponseItem item, boolean membership) {
        var get = item.get();
        if (get == null || get.source() == null || item.seqNo() == null || item.primaryTerm() == null) {
            return java.util.Optional.empty();
        }
        ObjectNode source = JSON.createObjectNode();
        try {
            for (Map.Entry<String, JsonData> field : get.source().entrySet()) {
                source.set(
                        field.getKey(),
                        JSON.readTree(field.getValue().toJson(mapper).toString()));
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("unreadable source of " + item.id(), e);
        }
        return java.util.Optional.of(
                new IndexedThing(item.id(), item.index(), item.seqNo(), item.primaryTerm(), source, membership));
    }
}

package io.iotdm.indexing.dynamic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.grpc.Status;
import io.iotdm.grpc.indexing.v1.DocumentVersion;
import io.iotdm.grpc.indexing.v1.DynamicGroupMatch;
import io.iotdm.indexing.config.IndexingConfigurationService;
import io.iotdm.indexing.index.ThingIndex;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * StreamMatches: the live things that match a dynamic group's stored query, for its backfill. First waits until the
 * percolator holds exactly the requested revision of the group (a newer one, or its deletion, aborts: a newer backfill
 * replaces this one), so that every thing change indexed after the search below is percolated against that query;
 * then refreshes the thing index and pages through the live alias with {@code search_after} on the thing name, one
 * page at a time as the client reads (blocking requests on worker threads).
 */
@Singleton
class MatchStream {

    private final Engine engine;
    private final PercolatorRepository percolator;
    private final DefinitionsView view;
    private final IndexingConfigurationService configurations;
    private final DynamicGroupsConfig config;

    MatchStream(
            Engine engine,
            PercolatorRepository percolator,
            DefinitionsView view,
            IndexingConfigurationService configurations,
            DynamicGroupsConfig config) {
        this.engine = engine;
        this.percolator = percolator;
        this.view = view;
        this.configurations = configurations;
        this.config = config;
    }

    /** Where a stream is: its query (once the revision is there), the last sort value, the total. */
    private static final class Cursor {
        JsonNode query;
        String after;
        long total;
    }

    /**
     * @param maxWait how long the revision may take to show in the percolator (the call's deadline)
     * @param cancelled whether the client gave up (then the stream ends quietly: nobody reads its end)
     */
    Multi<DynamicGroupMatch> matches(String group, long revision, Duration maxWait, BooleanSupplier cancelled) {
        int pageSize = config.streamPageSize();
        return Multi.createBy()
                .repeating()
                .uni(Cursor::new, cursor -> Uni.createFrom()
                        .item(() -> cancelled.getAsBoolean()
                                ? List.<DynamicGroupMatch>of()
                                : page(cursor, group, revision, maxWait, pageSize, cancelled))
                        .runSubscriptionOn(Infrastructure.getDefaultWorkerPool()))
                .whilst(page -> page.size() == pageSize) // a short page is the last one
                .onItem()
                .disjoint();
    }

    private List<DynamicGroupMatch> page(
            Cursor cursor, String group, long revision, Duration maxWait, int size, BooleanSupplier cancelled) {
        try {
            boolean first = cursor.query == null;
            if (first) {
                if (!configurations.current().thingIndexOn()) {
                    throw Status.UNAVAILABLE
                            .withDescription("Thing indexing is OFF")
                            .asRuntimeException();
                }
                cursor.query = awaitRevision(group, revision, maxWait, cancelled);
                if (cursor.query == null) {
                    return List.of(); // cancelled while waiting
                }
                engine.json("POST", "/" + ThingIndex.ALIAS + "/_refresh", null).expectOk("refreshing");
            }
            ObjectNode search = Engine.JSON
                    .createObjectNode()
                    .put("size", size)
                    .put("seq_no_primary_term", true)
                    .put("track_total_hits", first);
            search.putArray("_source").add(ThingIndex.THING_NAME).add(ThingIndex.THING_ID);
            search.putObject("query").putObject("bool").putArray("filter").add(cursor.query);
            search.putArray("sort").addObject().put(ThingIndex.THING_NAME, "asc");
            if (cursor.after != null) {
                search.putArray("search_after").add(cursor.after);
            }
            Engine.Answer answer = engine.json("POST", "/" + ThingIndex.ALIAS + "/_search", search.toString());
            if (answer.status() == 404) {
                throw Status.UNAVAILABLE
                        .withDescription("Index " + ThingIndex.AWS_NAME + " is not ready")
                        .asRuntimeException();
            }
            JsonNode hits =
                    answer.expectOk("searching the matches of " + group).body().path("hits");
            if (first) {
                cursor.total = hits.path("total").path("value").asLong();
            }
            List<DynamicGroupMatch> page = new ArrayList<>(size);
            for (JsonNode hit : hits.path("hits")) {
                String name = hit.path("_source").path(ThingIndex.THING_NAME).asText();
                page.add(DynamicGroupMatch.newBuilder()
                        .setThingName(name)
                        .setThingId(
                                hit.path("_source").path(ThingIndex.THING_ID).asText(""))
                        .setVersion(DocumentVersion.newBuilder()
                                .setGeneration(IndexedThing.generation(
                                        hit.path("_index").asText()))
                                .setPrimaryTerm(hit.path("_primary_term").asLong())
                                .setSeqNo(hit.path("_seq_no").asLong()))
                        .setTotal(cursor.total)
                        .build());
                ArrayNode sort = (ArrayNode) hit.path("sort");
                cursor.after = sort.isEmpty() ? name : sort.get(0).asText();
            }
            return page;
        } catch (IOException e) {
            throw Status.UNAVAILABLE
                    .withDescription("The thing index cannot answer: " + e.getMessage())
                    .withCause(e)
                    .asRuntimeException();
        }
    }

    /**
     * Polls the percolator until it holds the revision; its stored query is what the backfill searches with.
     *
     * @return null when the call was cancelled meanwhile
     */
    private JsonNode awaitRevision(String group, long revision, Duration maxWait, BooleanSupplier cancelled)
            throws IOException {
        long until = System.nanoTime() + maxWait.toNanos();
        while (true) {
            if (cancelled.getAsBoolean()) {
                return null;
            }
            Optional<PercolatorRepository.StoredGroup> stored = percolator.stored(group);
            if (stored.isPresent() && stored.get().revision() == revision) {
                return stored.get().query();
            }
            if (stored.isPresent() && stored.get().revision() > revision) {
                throw Status.ABORTED
                        .withDescription("Dynamic group " + group + " is at revision "
                                + stored.get().revision() + ", newer than " + revision)
                        .asRuntimeException();
            }
            if (stored.isEmpty() && view.deletedSince(group, revision)) {
                throw Status.ABORTED
                        .withDescription("Dynamic group " + group + " was deleted")
                        .asRuntimeException();
            }
            if (System.nanoTime() >= until) {
                throw Status.DEADLINE_EXCEEDED
                        .withDescription("The percolator does not hold revision " + revision + " of dynamic group "
                                + group + " yet")
                        .asRuntimeException();
            }
            try {
                Thread.sleep(config.streamPollInterval().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw Status.CANCELLED.asRuntimeException();
            }
        }
    }
}

package io.iotdm.indexing.dynamic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iotdm.events.DynamicGroupMessages.Definition;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The documents of {@link PercolatorIndex}: written with external versioning (version = the group's revision), so
 * that a replay of the definitions topic, or several instances writing the same definitions, converge on the newest
 * revision whatever the order; read back for percolation and for StreamMatches.
 */
@Singleton
class PercolatorRepository {

    /** More dynamic groups than a search returns at once would need paging; far above any sane number of groups. */
    static final int MAX_GROUPS = 10_000;

    /** A stored group: its revision and its query. */
    record StoredGroup(long revision, JsonNode query) {}

    /**
     * One percolation: every group the percolator held (name → revision), whether any of their queries reads
     * memberships ({@link GroupQueries.Translated#readsMemberships}), and, per document (by slot), the groups whose
     * query it matched (name → revision).
     */
    record Percolation(Map<String, Long> groups, boolean membershipsRead, List<Map<String, Long>> matches) {}

    private final Engine engine;

    PercolatorRepository(Engine engine) {
        this.engine = engine;
    }

    /**
     * Stores a group's query at its revision, visible to the next search once this returns (refresh=wait_for).
     *
     * @return false when the percolator holds this or a newer revision already
     */
    boolean store(Definition definition, GroupQueries.Translated query) throws IOException {
        ObjectNode document = Engine.JSON.createObjectNode();
        document.set(PercolatorIndex.QUERY, query.percolatorQuery());
        document.set(PercolatorIndex.SEARCH, query.query());
        document.put(PercolatorIndex.GROUP_NAME, definition.groupName());
        document.put(PercolatorIndex.GROUP_ID, definition.groupId());
        document.put(PercolatorIndex.QUERY_STRING, definition.queryString());
        document.put(PercolatorIndex.REVISION, definition.revision());
        document.put(PercolatorIndex.CREATION_REVISION, definition.creationRevision());
        document.put(PercolatorIndex.READS_MEMBERSHIPS, query.readsMemberships());
        Engine.Answer answer =
                engine.json("PUT", doc(definition.groupName()), versioned(definition.revision()), document.toString());
        if (answer.status() == 409) {
            return false;
        }
        answer.expectOk("storing the query of dynamic group " + definition.groupName());
        refresh();
        return true;
    }

    /** Deletes a group's query as of a revision (a tombstone of that version stops an older store for a while). */
    boolean delete(String group, long revision) throws IOException {
        Engine.Answer answer = engine.json("DELETE", doc(group), versioned(revision), null);
        if (answer.status() == 409) {
            return false;
        }
        if (answer.status() == 404) {
            return true; // nothing was visible: no refresh needed (a replayed deletion on every start)
        }
        answer.expectOk("deleting the query of dynamic group " + group);
        refresh();
        return true;
    }

    /**
     * Makes the last write visible to the next percolation. refresh=wait_for on the write alone was not enough on the
     * devstack OpenSearch (a search right after still missed it, likely the search-idle shard skipping refreshes).
     */
    private void refresh() throws IOException {
        engine.json("POST", "/" + PercolatorIndex.NAME + "/_refresh", null)
                .expectOk("refreshing " + PercolatorIndex.NAME);
    }

    /** The group's stored revision and query on the thing index (a realtime GET), empty when the percolator has no query for it. */
    Optional<StoredGroup> stored(String group) throws IOException {
        Engine.Answer answer = engine.json("GET", doc(group), Map.of("_source_includes", PercolatorIndex.SEARCH), null);
        if (answer.status() == 404) {
            return Optional.empty();
        }
        answer.expectOk("reading dynamic group " + group);
        JsonNode body = answer.body();
        return Optional.of(new StoredGroup(
                body.path("_version").asLong(), body.path("_source").path(PercolatorIndex.SEARCH)));
    }

    /** Every group the percolator holds, name → revision (empty when the index does not exist yet). */
    Map<String, Long> groups() throws IOException {
        return percolate(List.of()).groups();
    }

    /**
     * Percolates the documents in one request: the listing of all groups and the percolate search go together in one
     * {@code _msearch}, so that a decision names every group the percolator held next to the groups matched. No
     * documents: the listing alone.
     */
    Percolation percolate(List<ObjectNode> documents) throws IOException {
        if (documents.isEmpty()) {
            Engine.Answer answer = engine.json(
                    "POST", "/" + PercolatorIndex.NAME + "/_search", listing().toString());
            if (answer.status() == 404) {
                return new Percolation(Map.of(), false, List.of());
            }
            JsonNode listed = answer.expectOk("listing the dynamic groups").body();
            return new Percolation(versions(listed), membershipsRead(listed), List.of());
        }
        ObjectNode percolate = Engine.JSON
                .createObjectNode()
                .put("size", MAX_GROUPS)
                .put("version", true)
                .put("_source", false);
        ObjectNode query = percolate.putObject("query").putObject("percolate");
        query.put("field", PercolatorIndex.QUERY);
        query.putArray("documents").addAll(documents);
        String header = "{\"index\":\"" + PercolatorIndex.NAME + "\"}\n";
        String body = header + listing() + "\n" + header + percolate + "\n";
        JsonNode responses = engine.ndjson("/_msearch", Map.of(), body)
                .expectOk("percolating")
                .body()
                .path("responses");
        JsonNode listed = responses.path(0);
        JsonNode matched = responses.path(1);
        if (isMissingIndex(listed)) {
            return new Percolation(Map.of(), false, emptyMatches(documents.size()));
        }
        failIfError(listed);
        failIfError(matched);
        List<Map<String, Long>> matches = emptyMatches(documents.size());
        for (JsonNode hit : matched.path("hits").path("hits")) {
            String group = hit.path("_id").asText();
            long revision = hit.path("_version").asLong();
            JsonNode slots = hit.path("fields").path("_percolator_document_slot");
            if (slots.isMissingNode() && documents.size() == 1) {
                matches.getFirst().put(group, revision);
            }
            for (JsonNode slot : slots) {
                matches.get(slot.asInt()).put(group, revision);
            }
        }
        return new Percolation(versions(listed), membershipsRead(listed), matches);
    }

    private static List<Map<String, Long>> emptyMatches(int documents) {
        List<Map<String, Long>> matches = new ArrayList<>(documents);
        for (int i = 0; i < documents; i++) {
            matches.add(new HashMap<>());
        }
        return matches;
    }

    private static ObjectNode listing() {
        ObjectNode search =
                Engine.JSON.createObjectNode().put("size", MAX_GROUPS).put("version", true);
        search.putArray("_source").add(PercolatorIndex.READS_MEMBERSHIPS);
        search.putObject("query").putObject("match_all");
        return search;
    }

    /** A group stored before the flag existed counts as reading memberships. */
    private static boolean membershipsRead(JsonNode response) {
        for (JsonNode hit : response.path("hits").path("hits")) {
            if (hit.path("_source").path(PercolatorIndex.READS_MEMBERSHIPS).asBoolean(true)) {
                return true;
            }
        }
        return false;
    }

    private static Map<String, Long> versions(JsonNode response) {
        Map<String, Long> groups = new TreeMap<>();
        for (JsonNode hit : response.path("hits").path("hits")) {
            groups.put(hit.path("_id").asText(), hit.path("_version").asLong());
        }
        return groups;
    }

    private static boolean isMissingIndex(JsonNode response) {
        return response.path("status").asInt() == 404
                || "index_not_found_exception"
                        .equals(response.path("error").path("type").asText());
    }

    private static void failIfError(JsonNode response) throws IOException {
        if (response.has("error")) {
            throw new IOException("percolation failed: " + response.path("error"));
        }
    }

    private static Map<String, String> versioned(long revision) {
        return Map.of("version", Long.toString(revision), "version_type", "external");
    }

    private static String doc(String group) {
        return "/" + PercolatorIndex.NAME + "/_doc/" + URLEncoder.encode(group, StandardCharsets.UTF_8);
    }
}

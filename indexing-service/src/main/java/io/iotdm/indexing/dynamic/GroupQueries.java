package io.iotdm.indexing.dynamic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iotdm.indexing.index.ThingIndex;
import io.iotdm.indexing.search.FleetQueries;
import jakarta.inject.Singleton;
import jakarta.json.stream.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.opensearch.client.json.JsonpMapper;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch._types.query_dsl.Query;

/**
 * A dynamic group's query string as the OpenSearch query the percolator stores: parsed and translated by the one
 * translator SearchIndex uses ({@link FleetQueries#dynamicGroupQuery}), as JSON, with the index fields it names (which
 * the percolator index must map before it takes the query).
 */
@Singleton
class GroupQueries {

    /**
     * The query as JSON for the thing index, the same for the percolator index ({@link PercolatorIndex#field}), and
     * the concrete thing fields it names (field patterns left out).
     */
    record Translated(JsonNode query, JsonNode percolatorQuery, Set<String> fields) {

        /** A query that no longer translates matches nothing. */
        static Translated matchNone() {
            JsonNode none = Engine.JSON.createObjectNode().set("match_none", Engine.JSON.createObjectNode());
            return new Translated(none, none, Set.of());
        }

        /**
         * Whether a change of a thing's groups alone can change this query's verdict: it names
         * {@code thingGroupNames}, or searches unfielded terms over field patterns that may include it. The others
         * need no percolation of a document whose memberships alone changed.
         */
        boolean readsMemberships() {
            String text = query.toString();
            return text.contains('"' + ThingIndex.THING_GROUP_NAMES + '"') || text.contains("\"multi_match\"");
        }
    }

    private static final Set<String> FIELD_KEYED = Set.of("term", "prefix", "wildcard", "range");

    private final FleetQueries queries;
    private final JsonpMapper mapper;

    GroupQueries(FleetQueries queries, OpenSearchClient client) {
        this.queries = queries;
        this.mapper = client._transport().jsonpMapper();
    }

    /** @throws io.iotdm.aws.protocol.AwsServiceException InvalidQueryException */
    Translated translate(String queryString) {
        Query query = queries.dynamicGroupQuery(queryString, true);
        JsonNode json = toJson(query);
        Set<String> fields = new TreeSet<>();
        collect(json, fields);
        return new Translated(json, percolatorFields(json), fields);
    }

    private JsonNode toJson(Query query) {
        StringWriter out = new StringWriter();
        try (JsonGenerator generator = mapper.jsonProvider().createGenerator(out)) {
            query.serialize(generator, mapper);
        }
        try {
            return Engine.JSON.readTree(out.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The translator's leaf queries name their field as the key of term/prefix/wildcard/range, or in exists.field. */
    static void collect(JsonNode node, Set<String> fields) {
        if (node.isArray()) {
            node.forEach(child -> collect(child, fields));
            return;
        }
        if (!node.isObject()) {
            return;
        }
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            String key = entry.getKey();
            JsonNode value = entry.getValue();
            if (FIELD_KEYED.contains(key) && value.isObject()) {
                value.fieldNames().forEachRemaining(field -> add(field, fields));
            } else if ("exists".equals(key)) {
                add(value.path("field").asText(), fields);
            } else {
                collect(value, fields);
            }
        }
    }

    /** The query with every field name spelt as the percolator index spells it. */
    static JsonNode percolatorFields(JsonNode node) {
        if (node.isArray()) {
            var copy = Engine.JSON.createArrayNode();
            node.forEach(child -> copy.add(percolatorFields(child)));
            return copy;
        }
        if (!node.isObject()) {
            return node;
        }
        ObjectNode copy = Engine.JSON.createObjectNode();
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            String key = entry.getKey();
            JsonNode value = entry.getValue();
            if (FIELD_KEYED.contains(key) && value.isObject()) {
                ObjectNode renamed = copy.putObject(key);
                value.properties()
                        .forEach(field -> renamed.set(PercolatorIndex.field(field.getKey()), field.getValue()));
            } else if ("exists".equals(key) && value.isObject()) {
                ObjectNode exists = value.deepCopy();
                exists.put("field", PercolatorIndex.field(value.path("field").asText()));
                copy.set(key, exists);
            } else if ("multi_match".equals(key) && value.isObject()) {
                ObjectNode multi = value.deepCopy();
                var fields = Engine.JSON.createArrayNode();
                value.path("fields").forEach(field -> fields.add(PercolatorIndex.field(field.asText())));
                multi.set("fields", fields);
                copy.set(key, multi);
            } else {
                copy.set(key, percolatorFields(value));
            }
        }
        return copy;
    }

    private static void add(String field, Set<String> fields) {
        if (!field.isEmpty() && !field.contains("*")) {
            fields.add(field);
        }
    }
}

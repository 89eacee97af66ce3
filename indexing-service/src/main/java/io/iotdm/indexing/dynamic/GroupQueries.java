package io.iotdm.indexing.dynamic;

import com.fasterxml.jackson.databind.JsonNode;
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

    /** The query as JSON and the concrete index fields it names (field patterns left out). */
    record Translated(JsonNode query, Set<String> fields) {}

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
        return new Translated(json, fields);
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

    private static void add(String field, Set<String> fields) {
        if (!field.isEmpty() && !field.contains("*")) {
            fields.add(field);
        }
    }
}

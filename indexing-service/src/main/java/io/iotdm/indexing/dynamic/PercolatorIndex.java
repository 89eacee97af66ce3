package io.iotdm.indexing.dynamic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iotdm.indexing.index.ThingIndexSetup;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * The percolator index {@value #NAME}: one document per dynamic group (id = group name, external version = the
 * group's revision) holding the group's translated query in the percolator field {@value #QUERY}.
 *
 * <p>Its mapping is the thing index's (the same properties and dynamic templates, taken from
 * {@link ThingIndexSetup#definition()}, not copied), plus the percolator field and the group's bookkeeping: a thing
 * document percolated against it is parsed exactly as the thing index parses it. OpenSearch refuses to store a
 * percolator query on a field the index does not map, and the thing fields appear dynamically, so before a query is
 * stored {@link #mapFields} puts the fields it names, typed as the thing index's mapping would type them.
 */
@Singleton
class PercolatorIndex {

    private static final Logger LOG = Logger.getLogger(PercolatorIndex.class);

    static final String NAME = "iotdm_dynamic_groups_v1";
    static final String QUERY = "query";
    static final String GROUP_NAME = "dynamicGroup.name";
    static final String GROUP_ID = "dynamicGroup.id";
    static final String QUERY_STRING = "dynamicGroup.queryString";
    static final String REVISION = "dynamicGroup.revision";
    static final String CREATION_REVISION = "dynamicGroup.creationRevision";

    private final Engine engine;
    private final ObjectNode definition;
    private final JsonNode properties;
    private final JsonNode templates;
    /** Fields this instance has mapped already (a put of the same mapping is harmless, only wasted). */
    private final Set<String> mapped = ConcurrentHashMap.newKeySet();

    PercolatorIndex(Engine engine, ThingIndexSetup things) {
        this.engine = engine;
        ObjectNode definition = things.definition();
        ObjectNode mappings = (ObjectNode) definition.path("mappings");
        this.properties = mappings.path("properties").deepCopy();
        this.templates = mappings.path("dynamic_templates").deepCopy();
        ObjectNode own = (ObjectNode) mappings.path("properties");
        own.putObject(QUERY).put("type", "percolator");
        own.putObject(GROUP_NAME).put("type", "keyword");
        own.putObject(GROUP_ID).put("type", "keyword");
        own.putObject(QUERY_STRING).put("type", "keyword").put("index", false).put("doc_values", false);
        own.putObject(REVISION).put("type", "long");
        own.putObject(CREATION_REVISION).put("type", "long");
        ((ObjectNode) definition.path("settings").path("index")).put("number_of_shards", 1);
        this.definition = definition;
    }

    /** Creates the index unless it exists (idempotent, safe when several instances race). */
    void create() throws IOException {
        Engine.Answer answer = engine.json("PUT", "/" + NAME, definition.toString());
        if (answer.ok()) {
            LOG.infof("Created the percolator index %s", NAME);
        } else if (!(answer.status() == 400
                && answer.body().toString().contains("resource_already_exists_exception"))) {
            answer.expectOk("creating " + NAME);
        }
    }

    /** Maps the fields a query names (as the thing index would map them), so that the query can be stored. */
    void mapFields(Collection<String> fields) throws IOException {
        ObjectNode put = Engine.JSON.createObjectNode();
        ObjectNode props = put.putObject("properties");
        for (String field : fields) {
            if (!mapped.contains(field)) {
                mappingOf(field).ifPresent(mapping -> props.set(field, mapping));
            }
        }
        if (props.isEmpty()) {
            return;
        }
        engine.json("PUT", "/" + NAME + "/_mapping", put.toString()).expectOk("mapping query fields on " + NAME);
        props.fieldNames().forEachRemaining(mapped::add);
    }

    /**
     * The mapping the thing index gives a field: its explicit property, else the first dynamic template whose
     * {@code path_match} matches. Templates with {@code match_mapping_type} are left out: they are for the
     * bookkeeping fields ({@code sync.*}), which queries never name.
     */
    Optional<JsonNode> mappingOf(String field) {
        JsonNode explicit = properties.get(field);
        if (explicit != null) {
            return Optional.of(explicit);
        }
        for (JsonNode entry : templates) {
            for (Map.Entry<String, JsonNode> template : entry.properties()) {
                JsonNode body = template.getValue();
                if (body.has("match_mapping_type") || !body.has("path_match")) {
                    continue;
                }
                if (glob(body.get("path_match").asText()).matcher(field).matches()) {
                    return Optional.of(body.get("mapping"));
                }
            }
        }
        return Optional.empty();
    }

    private static Pattern glob(String pattern) {
        StringBuilder regex = new StringBuilder();
        for (String piece : pattern.split("\\*", -1)) {
            if (!regex.isEmpty()) {
                regex.append(".*");
            }
            regex.append(Pattern.quote(piece));
        }
        return Pattern.compile(regex.toString());
    }
}

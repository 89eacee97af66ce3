package io.iotdm.indexing.dynamic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
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
 * {@link ThingIndexSetup#definition()}, not copied), so that a thing document percolated against it is typed exactly
 * as the thing index types it, with one change: the thing index sets {@code disable_objects} (its fields are flat,
 * dotted names), and OpenSearch's percolator matches nothing under {@code disable_objects} (measured on the devstack
 * OpenSearch). Without it, dotted names would become paths of objects, and {@code loc} as a value in one thing and
 * {@code loc.lat} in another (or in a query) would conflict. So the percolator side spells every thing field with
 * {@value #SEPARATOR} (U+2024 ONE DOT LEADER) where the thing index has a dot ({@link #field}): in the mapping, in the
 * stored queries and in the percolated documents, and never sees a dotted name. The group's own fields are undotted.
 *
 * <p>OpenSearch refuses to store a percolator query on a field the index does not map, and thing fields appear
 * dynamically, so before a query is stored {@link #mapFields} puts the fields it names.
 */
@Singleton
class PercolatorIndex {

    private static final Logger LOG = Logger.getLogger(PercolatorIndex.class);

    static final String NAME = "iotdm_dynamic_groups_v1";
    static final char SEPARATOR = '\u2024';

    static final String QUERY = "query";
    static final String GROUP_NAME = "group";
    static final String GROUP_ID = "groupId";
    static final String QUERY_STRING = "queryString";
    static final String REVISION = "revision";
    static final String CREATION_REVISION = "creationRevision";
    /** The query with the thing index's field names, for StreamMatches' search of the thing index (not indexed). */
    static final String SEARCH = "search";
    /** Whether a change of a thing's groups alone can change the query's verdict ({@link GroupQueries.Translated}). */
    static final String READS_MEMBERSHIPS = "readsMemberships";

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
        mappings.remove("disable_objects");
        ObjectNode own = Engine.JSON.createObjectNode();
        properties.properties().forEach(entry -> own.set(field(entry.getKey()), entry.getValue()));
        own.putObject(QUERY).put("type", "percolator");
        own.putObject(GROUP_NAME).put("type", "keyword");
        own.putObject(GROUP_ID).put("type", "keyword");
        own.putObject(QUERY_STRING).put("type", "keyword").put("index", false).put("doc_values", false);
        own.putObject(REVISION).put("type", "long");
        own.putObject(CREATION_REVISION).put("type", "long");
        own.putObject(SEARCH).put("type", "object").put("enabled", false);
        own.putObject(READS_MEMBERSHIPS).put("type", "boolean").put("index", false);
        mappings.set("properties", own);
        ArrayNode encodedTemplates = Engine.JSON.createArrayNode();
        for (JsonNode entry : templates) {
            ObjectNode copy = entry.deepCopy();
            copy.properties().forEach(template -> {
                ObjectNode body = (ObjectNode) template.getValue();
                if (body.has("path_match")) {
                    body.put("path_match", field(body.get("path_match").asText()));
                }
            });
            encodedTemplates.add(copy);
        }
        mappings.set("dynamic_templates", encodedTemplates);
        ((ObjectNode) definition.path("settings").path("index")).put("number_of_shards", 1);
        this.definition = definition;
    }

    /** A thing index field as the percolator index spells it. */
    static String field(String thingField) {
        return thingField.replace('.', SEPARATOR);
    }

    /** Creates the index unless it exists (idempotent, safe when several instances race). */
    void create() throws IOException {
        Engine.Answer answer = engine.json("PUT", "/" + NAME, definition.toString());
        if (answer.ok()) {
            LOG.infof("Created the percolator index %s", NAME);
        } else if (!answer.body().toString().contains("resource_already_exists_exception")) {
            answer.expectOk("creating " + NAME);
        }
    }

    /** Maps the thing fields a query names (as the thing index would map them), so that the query can be stored. */
    void mapFields(Collection<String> thingFields) throws IOException {
        ObjectNode put = Engine.JSON.createObjectNode();
        ObjectNode props = put.putObject("properties");
        for (String thingField : thingFields) {
            String field = field(thingField);
            if (!mapped.contains(field)) {
                mappingOf(thingField).ifPresent(mapping -> props.set(field, mapping));
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
    Optional<JsonNode> mappingOf(String thingField) {
        JsonNode explicit = properties.get(thingField);
        if (explicit != null) {
            return Optional.of(explicit);
        }
        for (JsonNode entry : templates) {
            for (Map.Entry<String, JsonNode> template : entry.properties()) {
                JsonNode body = template.getValue();
                if (body.has("match_mapping_type") || !body.has("path_match")) {
                    continue;
                }
                if (glob(body.get("path_match").asText()).matcher(thingField).matches()) {
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

    /** A thing document as the percolator reads it: every field name spelt with {@link #field}. */
    static ObjectNode document(JsonNode thing) {
        ObjectNode document = Engine.JSON.createObjectNode();
        thing.properties().forEach(entry -> document.set(field(entry.getKey()), entry.getValue()));
        return document;
    }
}

package io.iotdm.indexing.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iotdm.indexing.index.GroupIndex;
import io.iotdm.indexing.index.ThingIndex;
import java.io.IOException;
import java.util.Map;
import org.jboss.logging.Logger;

/** SearchIndex's documents: a stored thing or thing-group document as the model's ThingDocument or ThingGroupDocument. */
final class FleetDocuments {

    private static final Logger LOG = Logger.getLogger(FleetDocuments.class);
    private static final JsonMapper JSON = new JsonMapper();

    private FleetDocuments() {}

    /**
     * A ThingDocument from the stored document: the registry fields, {@code attributes} rebuilt from the
     * {@code attributes.<a>} fields, {@code shadow} as JSON text (the classic shadow's members plus {@code name}
     * with the named shadows), {@code connectivity} as far as the index knows it.
     */
    static ObjectNode thing(JsonNode source) {
        ObjectNode thing = JsonNodeFactory.instance.objectNode();
        copyText(source, ThingIndex.THING_NAME, thing);
        copyText(source, ThingIndex.THING_ID, thing);
        copyText(source, ThingIndex.THING_TYPE_NAME, thing);
        copyList(source, ThingIndex.THING_GROUP_NAMES, thing);
        copyAttributes(source, thing);
        ObjectNode shadow = JsonNodeFactory.instance.objectNode();
        ObjectNode named = JsonNodeFactory.instance.objectNode();
        for (Map.Entry<String, JsonNode> field : source.properties()) {
            String name = field.getKey();
            if (name.equals(ThingIndex.SHADOW_DOCUMENT_CLASSIC)) {
                JsonNode classic = parse(field.getValue());
                if (classic.isObject()) {
                    // the classic members first, whatever order the stored fields come in
                    ObjectNode merged = ((ObjectNode) classic).deepCopy();
                    merged.setAll(shadow);
                    shadow = merged;
                }
            } else if (name.startsWith(ThingIndex.SHADOW_DOCUMENTS_NAMED)) {
                JsonNode document = parse(field.getValue());
                if (document.isObject()) {
                    named.set(name.substring(ThingIndex.SHADOW_DOCUMENTS_NAMED.length()), document);
                }
            }
        }
        if (!named.isEmpty()) {
            shadow.set("name", named);
        }
        if (!shadow.isEmpty()) {
            thing.put("shadow", shadow.toString());
        }
        ObjectNode connectivity = thing.putObject("connectivity");
        connectivity.put("connected", source.path(ThingIndex.CONNECTED).asBoolean(false));
        if (source.path("connectivity.timestamp").canConvertToLong()) {
            connectivity.put("timestamp", source.path("connectivity.timestamp").asLong());
        }
        copyText(source, "connectivity.disconnectReason", "disconnectReason", connectivity);
        return thing;
    }

    /** A ThingGroupDocument from the stored document: its names, description, attributes and ancestors. */
    static ObjectNode thingGroup(JsonNode source) {
        ObjectNode group = JsonNodeFactory.instance.objectNode();
        copyText(source, GroupIndex.THING_GROUP_NAME, group);
        copyText(source, GroupIndex.THING_GROUP_ID, group);
        copyText(source, GroupIndex.THING_GROUP_DESCRIPTION, group);
        copyAttributes(source, group);
        copyList(source, GroupIndex.PARENT_GROUP_NAMES, group);
        return group;
    }

    /** {@code attributes} rebuilt from the {@code attributes.<a>} fields. */
    private static void copyAttributes(JsonNode source, ObjectNode target) {
        ObjectNode attributes = target.putObject("attributes");
        for (Map.Entry<String, JsonNode> field : source.properties()) {
            if (field.getKey().startsWith(ThingIndex.ATTRIBUTES)) {
                attributes.put(
                        field.getKey().substring(ThingIndex.ATTRIBUTES.length()),
                        field.getValue().asText());
            }
        }
    }

    /** A keyword list, absent when empty (OpenSearch gives a one-element list back as it was stored). */
    private static void copyList(JsonNode source, String field, ObjectNode target) {
        JsonNode values = source.path(field);
        if (values.isArray() && !values.isEmpty()) {
            target.set(field, values.deepCopy());
        } else if (values.isTextual()) {
            target.putArray(field).add(values.asText());
        }
    }

    private static void copyText(JsonNode source, String field, ObjectNode target) {
        copyText(source, field, field, target);
    }

    private static void copyText(JsonNode source, String field, String member, ObjectNode target) {
        JsonNode value = source.get(field);
        if (value != null && !value.isNull() && !value.asText().isEmpty()) {
            target.put(member, value.asText());
        }
    }

    private static JsonNode parse(JsonNode stored) {
        if (stored.isObject()) {
            return stored;
        }
        try {
            return JSON.readTree(stored.asText());
        } catch (IOException e) {
            LOG.warnf("An unreadable stored shadow document: %s", e.getMessage());
            return JsonNodeFactory.instance.missingNode();
        }
    }
}

package io.iotdm.indexing.thing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iotdm.indexing.index.ThingIndex;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A shadow's part of a thing's document, from {@code aws.things.shadow}: an {@code /update/documents} message
 * replaces it, a {@code /delete/accepted} message removes it.
 *
 * <p>Indexed: {@code <p>desired.*}, {@code <p>reported.*} (flattened by {@link IndexedValues}), {@code <p>hasDelta},
 * {@code <p>version} with {@code <p>} = {@code shadow.} or {@code shadow.name.<s>.}, and for the classic shadow
 * {@code shadow.delta.*} (AWS's query fields name a delta for the classic shadow only). Stored, not indexed: the
 * shadow as SearchIndex returns it, in {@link ThingIndex#shadowDocument}.
 */
public final class ShadowDocuments {

    private ShadowDocuments() {}

    /**
     * @param documents {@code {previous, current: {state: {desired, reported}, metadata, version}, timestamp, ...}}
     * @param version   the shadow version (the record's {@code resource-version}), or -1 to read current.version
     */
    public static PartUpdate updated(String thingName, String shadowName, long version, JsonNode documents) {
        JsonNode current = documents.path("current");
        if (!current.isObject()) {
            throw new IllegalArgumentException("update/documents without a current document");
        }
        long shadowVersion = version >= 0 ? version : requiredLong(current, "version");
        long timestamp = documents.path("timestamp").canConvertToLong()
                ? documents.path("timestamp").asLong()
                : -1;
        JsonNode desired = section(current.path("state"), "desired");
        JsonNode reported = section(current.path("state"), "reported");
        ObjectNode delta = ShadowDelta.of(desired, reported);
        boolean hasDelta = !delta.isEmpty();

        String prefix = ThingIndex.shadowPrefix(shadowName);
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put(ThingIndex.THING_NAME, thingName);
        fields.put(prefix + "version", shadowVersion);
        fields.put(prefix + "hasDelta", hasDelta);
        IndexedValues.flatten(desired, prefix + "desired.", fields);
        IndexedValues.flatten(reported, prefix + "reported.", fields);
        if (shadowName == null) {
            IndexedValues.flatten(delta, prefix + "delta.", fields);
        }
        fields.put(
                ThingIndex.shadowDocument(shadowName),
                render(desired, reported, current.path("metadata"), hasDelta, shadowVersion, timestamp)
                        .toString());
        return new PartUpdate(
                thingName, Part.shadow(shadowName), new PartVersion(shadowVersion, timestamp, false), fields);
    }

    /**
     * @param accepted {@code {version, timestamp}}
     * @param version  the version of the deleted shadow (the record's {@code resource-version}), or -1 to read it
     */
    public static PartUpdate deleted(String thingName, String shadowName, long version, JsonNode accepted) {
        long shadowVersion = version >= 0 ? version : requiredLong(accepted, "version");
        long timestamp = accepted.path("timestamp").canConvertToLong()
                ? accepted.path("timestamp").asLong()
                : -1;
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put(ThingIndex.THING_NAME, thingName);
        return new PartUpdate(
                thingName, Part.shadow(shadowName), new PartVersion(shadowVersion, timestamp, true), fields);
    }

    /**
     * The shadow as SearchIndex shows it: desired, reported and their metadata without the arrays that hold objects
     * (AWS skips those and their metadata), hasDelta, version, timestamp.
     */
    static ObjectNode render(
            JsonNode desired, JsonNode reported, JsonNode metadata, boolean hasDelta, long version, long timestamp) {
        ObjectNode document = JsonNodeFactory.instance.objectNode();
        ObjectNode documentMetadata = JsonNodeFactory.instance.objectNode();
        for (String section : new String[] {"desired", "reported"}) {
            JsonNode state = section.equals("desired") ? desired : reported;
            if (state == null) {
                continue;
            }
            ObjectNode stateCopy = (ObjectNode) state.deepCopy();
            JsonNode sectionMetadata = metadata.path(section);
            ObjectNode metadataCopy = sectionMetadata.isObject() ? (ObjectNode) sectionMetadata.deepCopy() : null;
            prune(stateCopy, metadataCopy);
            document.set(section, stateCopy);
            if (metadataCopy != null) {
                documentMetadata.set(section, metadataCopy);
            }
        }
        if (!documentMetadata.isEmpty()) {
            document.set("metadata", documentMetadata);
        }
        document.put("hasDelta", hasDelta);
        document.put("version", version);
        if (timestamp >= 0) {
            document.put("timestamp", timestamp);
        }
        return document;
    }

    private static void prune(ObjectNode state, ObjectNode metadata) {
        Iterator<Map.Entry<String, JsonNode>> members = state.properties().iterator();
        while (members.hasNext()) {
            Map.Entry<String, JsonNode> member = members.next();
            JsonNode value = member.getValue();
            if (value.isArray() && containsContainer(value)) {
                members.remove();
                if (metadata != null) {
                    metadata.remove(member.getKey());
                }
            } else if (value.isObject()) {
                JsonNode nested = metadata == null ? null : metadata.get(member.getKey());
                prune((ObjectNode) value, nested instanceof ObjectNode object ? object : null);
            }
        }
    }

    private static boolean containsContainer(JsonNode array) {
        for (JsonNode element : array) {
            if (element.isContainerNode()) {
                return true;
            }
        }
        return false;
    }

    private static JsonNode section(JsonNode state, String name) {
        JsonNode section = state.get(name);
        return section != null && section.isObject() ? section : null;
    }

    private static long requiredLong(JsonNode node, String member) {
        if (!node.path(member).canConvertToLong()) {
            throw new IllegalArgumentException("no " + member);
        }
        return node.path(member).asLong();
    }
}

package io.iotdm.indexing.thing;

import com.fasterxml.jackson.databind.JsonNode;
import io.iotdm.indexing.index.ThingIndex;
import java.util.LinkedHashMap;
import java.util.Map;

/** The registry part of a thing's document, from a THING event ({@code $aws/events/thing/...}). */
public final class RegistryDocuments {

    private RegistryDocuments() {}

    /**
     * @param event    the THING event payload: operation, thingId, thingName, versionNumber, thingTypeName, attributes
     * @param revision the registry revision of the change (the record's {@code resource-version})
     */
    public static PartUpdate fromThingEvent(JsonNode event, long revision) {
        String operation = text(event, "operation");
        String thingName = text(event, "thingName");
        if (thingName == null || thingName.isEmpty()) {
            throw new IllegalArgumentException("THING event without thingName");
        }
        long timestamp = event.path("timestamp").canConvertToLong()
                ? event.path("timestamp").asLong()
                : -1;
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put(ThingIndex.THING_NAME, thingName);
        boolean deleted;
        switch (operation == null ? "" : operation) {
            case "CREATED", "UPDATED" -> {
                deleted = false;
                putIfPresent(fields, ThingIndex.THING_ID, text(event, "thingId"));
                putIfPresent(fields, ThingIndex.THING_TYPE_NAME, text(event, "thingTypeName"));
                if (event.path("versionNumber").canConvertToLong()) {
                    fields.put(
                            ThingIndex.REGISTRY_VERSION,
                            event.path("versionNumber").asLong());
                }
                JsonNode attributes = event.path("attributes");
                if (attributes.isObject()) {
                    for (Map.Entry<String, JsonNode> attribute : attributes.properties()) {
                        if (attribute.getValue().isValueNode()
                                && !attribute.getValue().isNull()) {
                            IndexedValues.addAttribute(
                                    attribute.getKey(), attribute.getValue().asText(), fields);
                        }
                    }
                }
            }
            case "DELETED" -> deleted = true;
            default -> throw new IllegalArgumentException("THING event with operation " + operation);
        }
        fields.put(ThingIndex.LIVE, !deleted);
        return new PartUpdate(thingName, Part.registry(), new PartVersion(revision, timestamp, deleted), fields);
    }

    private static String text(JsonNode event, String member) {
        JsonNode value = event.get(member);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static void putIfPresent(Map<String, Object> fields, String field, String value) {
        if (value != null && !value.isEmpty()) {
            fields.put(field, value);
        }
    }
}

package io.iotdm.group.thinggroup;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * {@code thingGroupProperties} as the four create and update operations send it.
 *
 * @param description {@code null} when not sent
 * @param attributes {@code null} when no {@code attributePayload} was sent
 * @param merge {@code attributePayload.merge}: merge into the current attributes instead of replacing them
 */
record ThingGroupProperties(String description, Map<String, String> attributes, boolean merge) {

    static ThingGroupProperties of(JsonNode properties) {
        JsonNode payload = properties.path("attributePayload");
        return new ThingGroupProperties(
                properties.hasNonNull("thingGroupDescription")
                        ? properties.get("thingGroupDescription").asText()
                        : null,
                Attributes.of(payload),
                payload.path("merge").asBoolean(false));
    }

    /** The attributes of a new group: none when none were sent. */
    Map<String, String> attributesOrNone() {
        return attributes == null ? Map.of() : attributes;
    }
}

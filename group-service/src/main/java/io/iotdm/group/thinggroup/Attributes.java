package io.iotdm.group.thinggroup;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;

/** Attribute maps as requests carry them and as updates change them. */
public final class Attributes {

    private Attributes() {}

    /** The {@code attributes} of an {@code attributePayload}, or {@code null} when the payload has none. */
    public static Map<String, String> of(JsonNode attributePayload) {
        JsonNode attributes = attributePayload.get("attributes");
        if (attributes == null || attributes.isNull()) {
            return null;
        }
        Map<String, String> map = new LinkedHashMap<>();
        attributes
                .properties()
                .forEach(entry -> map.put(entry.getKey(), entry.getValue().asText()));
        return map;
    }

    /**
     * The attributes after an update, as UpdateThing treats them: without {@code merge} the sent map replaces the
     * current one, with it the sent map is merged in; an empty value removes an attribute in both modes.
     *
     * @param sent {@code null} keeps the current attributes
     */
    static Map<String, String> apply(Map<String, String> current, Map<String, String> sent, boolean merge) {
        if (sent == null) {
            return current;
        }
        Map<String, String> result = merge ? new LinkedHashMap<>(current) : new LinkedHashMap<>();
        sent.forEach((name, value) -> {
            if (value.isEmpty()) {
                result.remove(name);
            } else {
                result.put(name, value);
            }
        });
        return result;
    }
}

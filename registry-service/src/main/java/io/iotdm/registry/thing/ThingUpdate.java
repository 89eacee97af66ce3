package io.iotdm.registry.thing;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An UpdateThing request.
 *
 * @param thingTypeName the new type, or {@code null} to keep the current one
 * @param attributes the attributes sent, or {@code null} to keep the current ones
 * @param merge merge {@code attributes} into the current ones instead of replacing them
 * @param expectedVersion the version the caller read, or {@code null}
 */
public record ThingUpdate(
        String name,
        String thingTypeName,
        Map<String, String> attributes,
        boolean merge,
        Long expectedVersion,
        boolean removeThingType) {

    /** The attributes after this update: an empty value removes an attribute, in both modes. */
    Map<String, String> attributesOf(Map<String, String> current) {
        if (attributes == null) {
            return current;
        }
        Map<String, String> result = merge ? new LinkedHashMap<>(current) : new LinkedHashMap<>();
        attributes.forEach((name, value) -> {
            if (value.isEmpty()) {
                result.remove(name);
            } else {
                result.put(name, value);
            }
        });
        return result;
    }
}

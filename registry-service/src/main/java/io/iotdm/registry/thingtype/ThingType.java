package io.iotdm.registry.thingtype;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A thing type.
 *
 * @param properties {@code thingTypeProperties} as the model shapes them
 * @param deprecationDate when it was deprecated, {@code null} unless deprecated
 */
public record ThingType(
        String name,
        String id,
        ObjectNode properties,
        boolean deprecated,
        Instant deprecationDate,
        Instant creationDate,
        long version) {

    public String description() {
        JsonNode description = properties.get("thingTypeDescription");
        return description == null || description.isNull() ? null : description.asText();
    }

    public List<String> searchableAttributes() {
        List<String> names = new ArrayList<>();
        properties.path("searchableAttributes").forEach(name -> names.add(name.asText()));
        return names;
    }
}

package io.iotdm.registry.thing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;

/** Things as the model's output shapes spell them, and attribute maps as requests carry them. */
final class ThingJson {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ThingJson() {}

    /** {@code DescribeThingResponse}. */
    static ObjectNode described(Thing thing, String arn) {
        ObjectNode json = NODES.objectNode();
        json.put("defaultClientId", thing.name());
        json.put("thingName", thing.name());
        json.put("thingId", thing.id());
        json.put("thingArn", arn);
        if (thing.thingTypeName() != null) {
            json.put("thingTypeName", thing.thingTypeName());
        }
        json.set("attributes", attributes(thing));
        json.put("version", thing.version());
        if (thing.billingGroupName() != null) {
            json.put("billingGroupName", thing.billingGroupName());
        }
        return json;
    }

    /** {@code ThingAttribute}, an entry of ListThings. */
    static ObjectNode listed(Thing thing, String arn) {
        ObjectNode json = NODES.objectNode();
        json.put("thingName", thing.name());
        if (thing.thingTypeName() != null) {
            json.put("thingTypeName", thing.thingTypeName());
        }
        json.put("thingArn", arn);
        json.set("attributes", attributes(thing));
        json.put("version", thing.version());
        return json;
    }

    /** The {@code attributes} of an {@code attributePayload}, or {@code null} when the payload has none. */
    static Map<String, String> attributesOf(JsonNode attributePayload) {
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

    private static ObjectNode attributes(Thing thing) {
        ObjectNode attributes = NODES.objectNode();
        thing.attributes().forEach(attributes::put);
        return attributes;
    }
}

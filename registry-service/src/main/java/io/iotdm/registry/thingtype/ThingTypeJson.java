package io.iotdm.registry.thingtype;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iotdm.aws.protocol.Timestamps;

/** Thing types as the model's output shapes spell them. */
final class ThingTypeJson {

    private ThingTypeJson() {}

    /** {@code DescribeThingTypeResponse}, and with {@code withId} false a {@code ThingTypeDefinition} of a listing. */
    static ObjectNode of(ThingType type, String arn, boolean withId) {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("thingTypeName", type.name());
        if (withId) {
            json.put("thingTypeId", type.id());
        }
        json.put("thingTypeArn", arn);
        json.set("thingTypeProperties", type.properties());
        ObjectNode metadata = json.putObject("thingTypeMetadata");
        metadata.put("deprecated", type.deprecated());
        if (type.deprecationDate() != null) {
            metadata.put("deprecationDate", Timestamps.epochSeconds(type.deprecationDate()));
        }
        metadata.put("creationDate", Timestamps.epochSeconds(type.creationDate()));
        return json;
    }
}

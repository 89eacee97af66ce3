package io.iotdm.group.thinggroup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.iotdm.aws.service.AwsOperationHandler;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.aws.service.AwsResponse;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/**
 * A description sent replaces the current one, one not sent keeps it; attributes follow UpdateThing's rules (replace,
 * or merge with {@code merge:true}; an empty value removes an attribute).
 */
@Singleton
class UpdateThingGroupHandler extends AwsOperationHandler {

    private final ThingGroupService groups;

    UpdateThingGroupHandler(ThingGroupService groups) {
        super("iot", "UpdateThingGroup");
        this.groups = groups;
    }

    @Override
    public Uni<AwsResponse> handle(AwsRequest request) {
        JsonNode properties = request.node("thingGroupProperties");
        JsonNode payload = properties.path("attributePayload");
        return groups.update(
                        request.string("thingGroupName"),
                        properties.hasNonNull("thingGroupDescription")
                                ? properties.get("thingGroupDescription").asText()
                                : null,
                        Attributes.of(payload),
                        payload.path("merge").asBoolean(false),
                        request.number("expectedVersion"))
                .map(updated ->
                        AwsResponse.json(JsonNodeFactory.instance.objectNode().put("version", updated.version())));
    }
}

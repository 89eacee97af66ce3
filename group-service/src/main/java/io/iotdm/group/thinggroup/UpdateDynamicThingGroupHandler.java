package io.iotdm.group.thinggroup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.iotdm.aws.service.AwsOperationHandler;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.aws.service.AwsResponse;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/** Properties as UpdateThingGroup takes them; a changed query (or index, or query version) rebuilds the group. */
@Singleton
class UpdateDynamicThingGroupHandler extends AwsOperationHandler {

    private final ThingGroupService groups;

    UpdateDynamicThingGroupHandler(ThingGroupService groups) {
        super("iot", "UpdateDynamicThingGroup");
        this.groups = groups;
    }

    @Override
    public Uni<AwsResponse> handle(AwsRequest request) {
        JsonNode properties = request.node("thingGroupProperties");
        JsonNode payload = properties.path("attributePayload");
        return groups.updateDynamic(
                        request.string("thingGroupName"),
                        properties.hasNonNull("thingGroupDescription")
                                ? properties.get("thingGroupDescription").asText()
                                : null,
                        Attributes.of(payload),
                        payload.path("merge").asBoolean(false),
                        request.number("expectedVersion"),
                        request.string("queryString"),
                        request.string("indexName"),
                        request.string("queryVersion"))
                .map(updated ->
                        AwsResponse.json(JsonNodeFactory.instance.objectNode().put("version", updated.version())));
    }
}

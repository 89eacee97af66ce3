package io.iotdm.group.thinggroup;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.iotdm.aws.service.AwsOperationHandler;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.aws.service.AwsResponse;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/** Properties as UpdateThingGroup takes them; a changed query (or index, or query version) rebuilds the group. */
@Singleton
class UpdateDynamicThingGroupHandler extends AwsOperationHandler {

    private final DynamicThingGroupService groups;

    UpdateDynamicThingGroupHandler(DynamicThingGroupService groups) {
        super("iot", "UpdateDynamicThingGroup");
        this.groups = groups;
    }

    @Override
    public Uni<AwsResponse> handle(AwsRequest request) {
        ThingGroupProperties properties = ThingGroupProperties.of(request.node("thingGroupProperties"));
        return groups.update(
                        request.string("thingGroupName"),
                        properties.description(),
                        properties.attributes(),
                        properties.merge(),
                        request.number("expectedVersion"),
                        new QueryDefinition(
                                request.string("queryString"),
                                request.string("indexName"),
                                request.string("queryVersion")))
                .map(updated ->
                        AwsResponse.json(JsonNodeFactory.instance.objectNode().put("version", updated.version())));
    }
}

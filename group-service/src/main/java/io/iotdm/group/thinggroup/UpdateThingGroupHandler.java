package io.iotdm.group.thinggroup;

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
        ThingGroupProperties properties = ThingGroupProperties.of(request.node("thingGroupProperties"));
        return groups.update(
                        request.string("thingGroupName"),
                        properties.description(),
                        properties.attributes(),
                        properties.merge(),
                        request.number("expectedVersion"))
                .map(updated ->
                        AwsResponse.json(JsonNodeFactory.instance.objectNode().put("version", updated.version())));
    }
}

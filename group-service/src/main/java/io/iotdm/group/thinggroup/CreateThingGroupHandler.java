package io.iotdm.group.thinggroup;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.iotdm.aws.service.AwsOperationHandler;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.aws.service.AwsResponse;
import io.iotdm.tags.Tags;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

@Singleton
class CreateThingGroupHandler extends AwsOperationHandler {

    private final ThingGroupService groups;

    CreateThingGroupHandler(ThingGroupService groups) {
        super("iot", "CreateThingGroup");
        this.groups = groups;
    }

    @Override
    public Uni<AwsResponse> handle(AwsRequest request) {
        ThingGroupProperties properties = ThingGroupProperties.of(request.node("thingGroupProperties"));
        return groups.create(
                        request.string("thingGroupName"),
                        request.string("parentGroupName"),
                        properties.description(),
                        properties.attributesOrNone(),
                        Tags.of(request.node("tags")))
                .map(group -> AwsResponse.json(JsonNodeFactory.instance
                        .objectNode()
                        .put("thingGroupName", group.name())
                        .put("thingGroupArn", groups.arn(group.name()))
                        .put("thingGroupId", group.id())));
    }
}

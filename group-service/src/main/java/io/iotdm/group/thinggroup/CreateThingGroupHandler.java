package io.iotdm.group.thinggroup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.iotdm.aws.service.AwsOperationHandler;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.aws.service.AwsResponse;
import io.iotdm.tags.Tags;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.Objects;

@Singleton
class CreateThingGroupHandler extends AwsOperationHandler {

    private final ThingGroupService groups;

    CreateThingGroupHandler(ThingGroupService groups) {
        super("iot", "CreateThingGroup");
        this.groups = groups;
    }

    @Override
    public Uni<AwsResponse> handle(AwsRequest request) {
        JsonNode properties = request.node("thingGroupProperties");
        return groups.create(
                        request.string("thingGroupName"),
                        request.string("parentGroupName"),
                        properties.hasNonNull("thingGroupDescription")
                                ? properties.get("thingGroupDescription").asText()
                                : null,
                        Objects.requireNonNullElse(Attributes.of(properties.path("attributePayload")), Map.of()),
                        Tags.of(request.node("tags")))
                .map(group -> AwsResponse.json(JsonNodeFactory.instance
                        .objectNode()
                        .put("thingGroupName", group.name())
                        .put("thingGroupArn", groups.arn(group.name()))
                        .put("thingGroupId", group.id())));
    }
}

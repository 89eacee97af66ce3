package io.iotdm.group.thinggroup;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.iotdm.aws.protocol.Arns;
import io.iotdm.aws.service.AwsOperationHandler;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.aws.service.AwsResponse;
import io.iotdm.tags.Tags;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/** {@code indexName} defaults to AWS_Things and {@code queryVersion} to 2017-09-30, the only values AWS takes. */
@Singleton
class CreateDynamicThingGroupHandler extends AwsOperationHandler {

    private final DynamicThingGroupService groups;
    private final Arns arns;

    CreateDynamicThingGroupHandler(DynamicThingGroupService groups, Arns arns) {
        super("iot", "CreateDynamicThingGroup");
        this.groups = groups;
        this.arns = arns;
    }

    @Override
    public Uni<AwsResponse> handle(AwsRequest request) {
        ThingGroupProperties properties = ThingGroupProperties.of(request.node("thingGroupProperties"));
        return groups.create(
                        request.string("thingGroupName"),
                        properties.description(),
                        properties.attributesOrNone(),
                        Tags.of(request.node("tags")),
                        new QueryDefinition(
                                request.string("queryString"),
                                request.string("indexName", "AWS_Things"),
                                request.string("queryVersion", "2017-09-30")))
                .map(group -> AwsResponse.json(JsonNodeFactory.instance
                        .objectNode()
                        .put("thingGroupName", group.name())
                        .put("thingGroupArn", arns.thingGroup(group.name()))
                        .put("thingGroupId", group.id())
                        .put("indexName", group.dynamic().indexName())
                        .put("queryString", group.dynamic().queryString())
                        .put("queryVersion", group.dynamic().queryVersion())));
    }
}

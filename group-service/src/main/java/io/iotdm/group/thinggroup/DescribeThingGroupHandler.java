package io.iotdm.group.thinggroup;

import io.iotdm.aws.protocol.Arns;
import io.iotdm.aws.service.AwsOperationHandler;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.aws.service.AwsResponse;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

@Singleton
class DescribeThingGroupHandler extends AwsOperationHandler {

    private final ThingGroupService groups;
    private final Arns arns;

    DescribeThingGroupHandler(ThingGroupService groups, Arns arns) {
        super("iot", "DescribeThingGroup");
        this.groups = groups;
        this.arns = arns;
    }

    @Override
    public Uni<AwsResponse> handle(AwsRequest request) {
        return groups.describe(request.string("thingGroupName"))
                .map(group -> AwsResponse.json(ThingGroupJson.described(group, arns)));
    }
}

package io.iotdm.group.thinggroup;

import io.iotdm.aws.service.AwsOperationHandler;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.aws.service.AwsResponse;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/** Deleting a group that does not exist succeeds (the model has no ResourceNotFound for it). */
@Singleton
class DeleteDynamicThingGroupHandler extends AwsOperationHandler {

    private final DynamicThingGroupService groups;

    DeleteDynamicThingGroupHandler(DynamicThingGroupService groups) {
        super("iot", "DeleteDynamicThingGroup");
        this.groups = groups;
    }

    @Override
    public Uni<AwsResponse> handle(AwsRequest request) {
        return groups.delete(request.string("thingGroupName"), request.number("expectedVersion"))
                .map(revision -> AwsResponse.empty());
    }
}

package io.iotdm.group.membership;

import io.iotdm.aws.service.AwsOperationHandler;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.aws.service.AwsResponse;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

@Singleton
class RemoveThingFromThingGroupHandler extends AwsOperationHandler {

    private final MembershipService memberships;
    private final ResourceNames names;

    RemoveThingFromThingGroupHandler(MembershipService memberships, ResourceNames names) {
        super("iot", "RemoveThingFromThingGroup");
        this.memberships = memberships;
        this.names = names;
    }

    @Override
    public Uni<AwsResponse> handle(AwsRequest request) {
        String group = names.group(request);
        String thing = names.thing(request);
        return memberships.remove(thing, group).map(done -> AwsResponse.empty());
    }
}

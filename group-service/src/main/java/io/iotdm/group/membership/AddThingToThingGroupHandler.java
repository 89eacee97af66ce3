package io.iotdm.group.membership;

import io.iotdm.aws.service.AwsOperationHandler;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.aws.service.AwsResponse;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.util.List;

/**
 * With {@code overrideDynamicGroups}, a thing in as many groups as it may be leaves its most recently created dynamic
 * group to make room.
 */
@Singleton
class AddThingToThingGroupHandler extends AwsOperationHandler {

    private final MembershipService memberships;
    private final ResourceNames names;

    AddThingToThingGroupHandler(MembershipService memberships, ResourceNames names) {
        super("iot", "AddThingToThingGroup");
        this.memberships = memberships;
        this.names = names;
    }

    @Override
    public Uni<AwsResponse> handle(AwsRequest request) {
        String group = names.group(request);
        String thing = names.thing(request);
        return memberships
                .update(thing, List.of(group), List.of(), request.flag("overrideDynamicGroups"))
                .map(done -> AwsResponse.empty());
    }
}

package io.iotdm.group.membership;

import com.fasterxml.jackson.databind.node.TextNode;
import io.iotdm.aws.service.AwsOperationHandler;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.aws.service.AwsResponse;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

@Singleton
class ListThingsInThingGroupHandler extends AwsOperationHandler {

    static final int DEFAULT_MAX_RESULTS = 50;

    private final MembershipService memberships;

    ListThingsInThingGroupHandler(MembershipService memberships) {
        super("iot", "ListThingsInThingGroup");
        this.memberships = memberships;
    }

    @Override
    public Uni<AwsResponse> handle(AwsRequest request) {
        return memberships
                .thingsIn(
                        request.string("thingGroupName"),
                        request.flag("recursive"),
                        request.string("nextToken"),
                        request.pageSize("maxResults", DEFAULT_MAX_RESULTS))
                .map(page -> AwsResponse.json(page.json("things", TextNode::valueOf)));
    }
}

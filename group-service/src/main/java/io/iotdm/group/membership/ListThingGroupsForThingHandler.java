package io.iotdm.group.membership;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.iotdm.aws.protocol.Arns;
import io.iotdm.aws.service.AwsOperationHandler;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.aws.service.AwsResponse;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/** The thing's direct groups only, as in AWS. */
@Singleton
class ListThingGroupsForThingHandler extends AwsOperationHandler {

    static final int DEFAULT_MAX_RESULTS = 50;

    private final MembershipService memberships;
    private final Arns arns;

    ListThingGroupsForThingHandler(MembershipService memberships, Arns arns) {
        super("iot", "ListThingGroupsForThing");
        this.memberships = memberships;
        this.arns = arns;
    }

    @Override
    public Uni<AwsResponse> handle(AwsRequest request) {
        return memberships
                .groupsOf(
                        request.string("thingName"),
                        request.string("nextToken"),
                        request.pageSize("maxResults", DEFAULT_MAX_RESULTS))
                .map(page -> AwsResponse.json(page.json("thingGroups", name -> JsonNodeFactory.instance
                        .objectNode()
                        .put("groupName", name)
                        .put("groupArn", arns.thingGroup(name)))));
    }
}

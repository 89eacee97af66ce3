package io.iotdm.group.thinggroup;

import io.iotdm.aws.protocol.Arns;
import io.iotdm.aws.service.AwsOperationHandler;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.aws.service.AwsResponse;
import io.iotdm.group.store.GroupFilter;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/**
 * Without {@code parentGroup} every group (or only the root groups with {@code recursive=false}); with it its
 * children (or all its descendants with {@code recursive=true}).
 */
@Singleton
class ListThingGroupsHandler extends AwsOperationHandler {

    static final int DEFAULT_MAX_RESULTS = 50;

    private final ThingGroupService groups;
    private final Arns arns;

    ListThingGroupsHandler(ThingGroupService groups, Arns arns) {
        super("iot", "ListThingGroups");
        this.groups = groups;
        this.arns = arns;
    }

    @Override
    public Uni<AwsResponse> handle(AwsRequest request) {
        String parent = request.string("parentGroup");
        boolean recursive = request.input().hasNonNull("recursive") ? request.flag("recursive") : parent == null;
        GroupFilter filter = new GroupFilter(parent, request.string("namePrefixFilter"), recursive);
        return groups.list(filter, request.string("nextToken"), request.pageSize("maxResults", DEFAULT_MAX_RESULTS))
                .map(page -> AwsResponse.json(page.json("thingGroups", group -> ThingGroupJson.listed(group, arns))));
    }
}

package io.iotdm.group.thinggroup;

import io.iotdm.aws.protocol.Arns;
import io.iotdm.aws.service.AwsOperationHandler;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.aws.service.AwsResponse;
import io.iotdm.group.store.ThingGroup;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

@Singleton
class DescribeThingGroupHandler extends AwsOperationHandler {

    /** Things applied / things matching, while a dynamic group is BUILDING or REBUILDING. */
    static final String PROGRESS_HEADER = "iotdm-backfill-progress";

    private final ThingGroupService groups;
    private final Arns arns;

    DescribeThingGroupHandler(ThingGroupService groups, Arns arns) {
        super("iot", "DescribeThingGroup");
        this.groups = groups;
        this.arns = arns;
    }

    @Override
    public Uni<AwsResponse> handle(AwsRequest request) {
        return groups.describe(request.string("thingGroupName")).map(group -> {
            AwsResponse response = AwsResponse.json(ThingGroupJson.described(group, arns));
            ThingGroup.Dynamic dynamic = group.dynamic();
            if (dynamic == null || ThingGroup.Dynamic.ACTIVE.equals(dynamic.status())) {
                return response;
            }
            // the backfill's progress, as DescribeIndex shows a rebuild's
            long done = dynamic.backfillDone() == null ? 0 : dynamic.backfillDone();
            long total = dynamic.backfillTotal() == null ? 0 : dynamic.backfillTotal();
            return response.withExtension(PROGRESS_HEADER, done + "/" + total);
        });
    }
}

package io.iotdm.provisioning.policy;

import io.iotdm.aws.protocol.Arns;
import io.iotdm.aws.service.AwsOperationHandler;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.aws.service.AwsResponse;
import io.iotdm.provisioning.store.CreationOrder;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/** Policies in creation order, newest first unless {@code isAscendingOrder}, paged with {@code marker}. */
@Singleton
class ListPoliciesHandler extends AwsOperationHandler {

    private final PolicyService policies;
    private final Arns arns;

    ListPoliciesHandler(PolicyService policies, Arns arns) {
        super("iot", "ListPolicies");
        this.policies = policies;
        this.arns = arns;
    }

    @Override
    public Uni<AwsResponse> handle(AwsRequest request) {
        return policies.list(
                        request.string("marker"),
                        request.pageSize("pageSize", CreationOrder.DEFAULT_PAGE_SIZE),
                        request.flag("ascendingOrder"))
                .map(page -> AwsResponse.json(
                        page.json("policies", "nextMarker", policy -> PolicyJson.listed(policy.name(), arns))));
    }
}

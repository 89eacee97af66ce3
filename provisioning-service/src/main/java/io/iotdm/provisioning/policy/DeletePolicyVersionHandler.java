package io.iotdm.provisioning.policy;

import io.iotdm.aws.service.AwsOperationHandler;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.aws.service.AwsResponse;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/** Deletes a version that is not the default. */
@Singleton
class DeletePolicyVersionHandler extends AwsOperationHandler {

    private final PolicyService policies;

    DeletePolicyVersionHandler(PolicyService policies) {
        super("iot", "DeletePolicyVersion");
        this.policies = policies;
    }

    @Override
    public Uni<AwsResponse> handle(AwsRequest request) {
        return policies.deleteVersion(request.string("policyName"), request.string("policyVersionId"))
                .map(done -> AwsResponse.empty());
    }
}

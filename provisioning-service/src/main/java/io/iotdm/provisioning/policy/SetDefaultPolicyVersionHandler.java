package io.iotdm.provisioning.policy;

import io.iotdm.aws.service.AwsOperationHandler;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.aws.service.AwsResponse;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/** Makes a version the policy's default: the one that authorizes. */
@Singleton
class SetDefaultPolicyVersionHandler extends AwsOperationHandler {

    private final PolicyService policies;

    SetDefaultPolicyVersionHandler(PolicyService policies) {
        super("iot", "SetDefaultPolicyVersion");
        this.policies = policies;
    }

    @Override
    public Uni<AwsResponse> handle(AwsRequest request) {
        return policies.setDefaultVersion(request.string("policyName"), request.string("policyVersionId"))
                .map(done -> AwsResponse.empty());
    }
}

package io.iotdm.provisioning.policy;

import io.iotdm.aws.protocol.Arns;
import io.iotdm.aws.service.AwsOperationHandler;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.aws.service.AwsResponse;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/** One version of a policy. */
@Singleton
class GetPolicyVersionHandler extends AwsOperationHandler {

    private final PolicyService policies;
    private final Arns arns;

    GetPolicyVersionHandler(PolicyService policies, Arns arns) {
        super("iot", "GetPolicyVersion");
        this.policies = policies;
        this.arns = arns;
    }

    @Override
    public Uni<AwsResponse> handle(AwsRequest request) {
        return policies.getVersion(request.string("policyName"), request.string("policyVersionId"))
                .map(found -> AwsResponse.json(PolicyJson.version(found.policy(), found.version(), arns)));
    }
}

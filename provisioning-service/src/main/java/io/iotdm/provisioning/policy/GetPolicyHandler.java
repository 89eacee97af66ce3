package io.iotdm.provisioning.policy;

import io.iotdm.aws.protocol.Arns;
import io.iotdm.aws.service.AwsOperationHandler;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.aws.service.AwsResponse;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/** A policy with its default version's document. */
@Singleton
class GetPolicyHandler extends AwsOperationHandler {

    private final PolicyService policies;
    private final Arns arns;

    GetPolicyHandler(PolicyService policies, Arns arns) {
        super("iot", "GetPolicy");
        this.policies = policies;
        this.arns = arns;
    }

    @Override
    public Uni<AwsResponse> handle(AwsRequest request) {
        return policies.get(request.string("policyName"))
                .map(found -> AwsResponse.json(PolicyJson.policy(found.policy(), found.version(), arns)));
    }
}

package io.iotdm.provisioning.policy;

import io.iotdm.aws.service.AwsOperationHandler;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.aws.service.AwsResponse;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/** Deletes a policy that has only its default version and is attached to nothing. */
@Singleton
class DeletePolicyHandler extends AwsOperationHandler {

    private final PolicyService policies;

    DeletePolicyHandler(PolicyService policies) {
        super("iot", "DeletePolicy");
        this.policies = policies;
    }

    @Override
    public Uni<AwsResponse> handle(AwsRequest request) {
        return policies.delete(request.string("policyName")).map(done -> AwsResponse.empty());
    }
}

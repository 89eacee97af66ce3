package io.iotdm.provisioning.policy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.iotdm.aws.protocol.Arns;
import io.iotdm.aws.service.AwsOperationHandler;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.aws.service.AwsResponse;
import io.iotdm.tags.Tags;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/** A new policy with its document as version 1, the default, and its tags. */
@Singleton
class CreatePolicyHandler extends AwsOperationHandler {

    private final PolicyService policies;
    private final Arns arns;

    CreatePolicyHandler(PolicyService policies, Arns arns) {
        super("iot", "CreatePolicy");
        this.policies = policies;
        this.arns = arns;
    }

    @Override
    public Uni<AwsResponse> handle(AwsRequest request) {
        return policies.create(
                        request.string("policyName"), request.string("policyDocument"), Tags.of(request.node("tags")))
                .map(created -> AwsResponse.json(JsonNodeFactory.instance
                        .objectNode()
                        .put("policyName", created.policy().name())
                        .put("policyArn", arns.policy(created.policy().name()))
                        .put("policyDocument", created.version().document())
                        .put(
                                "policyVersionId",
                                Integer.toString(created.version().versionId()))));
    }
}

package io.iotdm.provisioning.policy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.iotdm.aws.protocol.Arns;
import io.iotdm.aws.service.AwsOperationHandler;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.aws.service.AwsResponse;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/** A new version of a policy, its default with {@code setAsDefault}. */
@Singleton
class CreatePolicyVersionHandler extends AwsOperationHandler {

    private final PolicyService policies;
    private final Arns arns;

    CreatePolicyVersionHandler(PolicyService policies, Arns arns) {
        super("iot", "CreatePolicyVersion");
        this.policies = policies;
        this.arns = arns;
    }

    @Override
    public Uni<AwsResponse> handle(AwsRequest request) {
        return policies.createVersion(
                        request.string("policyName"), request.string("policyDocument"), request.flag("setAsDefault"))
                .map(created -> AwsResponse.json(JsonNodeFactory.instance
                        .objectNode()
                        .put("policyArn", arns.policy(created.policy().name()))
                        .put("policyDocument", created.version().document())
                        .put(
                                "policyVersionId",
                                Integer.toString(created.version().versionId()))
                        .put(
                                "isDefaultVersion",
                                created.version().versionId()
                                        == created.policy().defaultVersionId())));
    }
}

package io.iotdm.provisioning.policy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.iotdm.aws.service.AwsOperationHandler;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.aws.service.AwsResponse;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/** Every version of a policy, oldest first; AWS does not page them (five at most). */
@Singleton
class ListPolicyVersionsHandler extends AwsOperationHandler {

    private final PolicyService policies;

    ListPolicyVersionsHandler(PolicyService policies) {
        super("iot", "ListPolicyVersions");
        this.policies = policies;
    }

    @Override
    public Uni<AwsResponse> handle(AwsRequest request) {
        return policies.listVersions(request.string("policyName")).map(found -> {
            var output = JsonNodeFactory.instance.objectNode();
            var versions = output.putArray("policyVersions");
            found.versions().forEach(version -> versions.add(PolicyJson.listedVersion(found.policy(), version)));
            return AwsResponse.json(output);
        });
    }
}

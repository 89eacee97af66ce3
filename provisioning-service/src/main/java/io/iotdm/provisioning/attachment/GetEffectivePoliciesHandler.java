package io.iotdm.provisioning.attachment;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.iotdm.aws.protocol.Arns;
import io.iotdm.aws.service.AwsOperationHandler;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.aws.service.AwsResponse;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/** The policies in effect for a principal and its thing, with their default documents. */
@Singleton
class GetEffectivePoliciesHandler extends AwsOperationHandler {

    private final EffectivePolicyService effectivePolicies;
    private final Arns arns;

    GetEffectivePoliciesHandler(EffectivePolicyService effectivePolicies, Arns arns) {
        super("iot", "GetEffectivePolicies");
        this.effectivePolicies = effectivePolicies;
        this.arns = arns;
    }

    @Override
    public Uni<AwsResponse> handle(AwsRequest request) {
        return effectivePolicies
                .effective(request.string("principal"), request.string("thingName"))
                .map(versions -> {
                    var output = JsonNodeFactory.instance.objectNode();
                    var list = output.putArray("effectivePolicies");
                    versions.forEach(version -> list.addObject()
                            .put("policyName", version.policyName())
                            .put("policyArn", arns.policy(version.policyName()))
                            .put("policyDocument", version.document()));
                    return AwsResponse.json(output);
                });
    }
}

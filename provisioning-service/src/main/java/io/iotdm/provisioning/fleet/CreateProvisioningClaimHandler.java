package io.iotdm.provisioning.fleet;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iotdm.aws.protocol.Timestamps;
import io.iotdm.aws.service.AwsOperationHandler;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.aws.service.AwsResponse;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/** CreateProvisioningClaim (docs/aws-behaviour.md §6.10): a temporary claim certificate for a fleet template. */
@Singleton
class CreateProvisioningClaimHandler extends AwsOperationHandler {

    private final ProvisioningClaims claims;

    CreateProvisioningClaimHandler(ProvisioningClaims claims) {
        super("iot", "CreateProvisioningClaim");
        this.claims = claims;
    }

    @Override
    public Uni<AwsResponse> handle(AwsRequest request) {
        return claims.create(request.string("templateName")).map(created -> {
            ObjectNode output = JsonNodeFactory.instance
                    .objectNode()
                    .put("certificateId", created.claim().certificateId())
                    .put("certificatePem", created.claim().certificatePem());
            output.putObject("keyPair")
                    .put("PublicKey", created.issued().keys().publicKeyPem())
                    .put("PrivateKey", created.issued().keys().privateKeyPem());
            output.put("expiration", Timestamps.epochSeconds(created.claim().expiration()));
            return AwsResponse.json(output);
        });
    }
}

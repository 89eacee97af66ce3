package io.iotdm.provisioning.ca;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.iotdm.aws.service.AwsOperationHandler;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.aws.service.AwsResponse;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/** The account's registration code: made on the first call, the same until DeleteRegistrationCode. */
@Singleton
class GetRegistrationCodeHandler extends AwsOperationHandler {

    private final CaCertificateService cas;

    GetRegistrationCodeHandler(CaCertificateService cas) {
        super("iot", "GetRegistrationCode");
        this.cas = cas;
    }

    @Override
    public Uni<AwsResponse> handle(AwsRequest request) {
        return cas.registrationCode()
                .map(code ->
                        AwsResponse.json(JsonNodeFactory.instance.objectNode().put("registrationCode", code)));
    }
}

package io.iotdm.provisioning.certificate;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.iotdm.aws.protocol.Arns;
import io.iotdm.aws.service.AwsOperationHandler;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.aws.service.AwsResponse;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/** A device certificate made elsewhere, registered without its CA (SNI_ONLY). */
@Singleton
class RegisterCertificateWithoutCAHandler extends AwsOperationHandler {

    private final CertificateCreation creation;
    private final Arns arns;

    RegisterCertificateWithoutCAHandler(CertificateCreation creation, Arns arns) {
        super("iot", "RegisterCertificateWithoutCA");
        this.creation = creation;
        this.arns = arns;
    }

    @Override
    public Uni<AwsResponse> handle(AwsRequest request) {
        return creation.registerWithoutCa(request.string("certificatePem"), request.string("status"))
                .map(certificate -> AwsResponse.json(JsonNodeFactory.instance
                        .objectNode()
                        .put("certificateArn", arns.certificate(certificate.id()))
                        .put("certificateId", certificate.id())));
    }
}

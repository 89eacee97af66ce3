package io.iotdm.provisioning.ca;

import io.iotdm.aws.protocol.Arns;
import io.iotdm.aws.service.AwsOperationHandler;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.aws.service.AwsResponse;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/** A CA certificate with its status, auto-registration, validity, mode and registrationConfig. */
@Singleton
class DescribeCACertificateHandler extends AwsOperationHandler {

    private final CaCertificateService cas;
    private final Arns arns;

    DescribeCACertificateHandler(CaCertificateService cas, Arns arns) {
        super("iot", "DescribeCACertificate");
        this.cas = cas;
        this.arns = arns;
    }

    @Override
    public Uni<AwsResponse> handle(AwsRequest request) {
        return cas.describe(request.string("certificateId"))
                .map(ca -> AwsResponse.json(CaCertificateJson.described(ca, arns)));
    }
}

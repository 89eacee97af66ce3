package io.iotdm.provisioning.certificate;

import io.iotdm.aws.service.AwsOperationHandler;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.aws.service.AwsResponse;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/** Sets a certificate's status: ACTIVE, INACTIVE or REVOKED. */
@Singleton
class UpdateCertificateHandler extends AwsOperationHandler {

    private final CertificateService certificates;

    UpdateCertificateHandler(CertificateService certificates) {
        super("iot", "UpdateCertificate");
        this.certificates = certificates;
    }

    @Override
    public Uni<AwsResponse> handle(AwsRequest request) {
        return certificates
                .updateStatus(request.string("certificateId"), request.string("newStatus"))
                .map(done -> AwsResponse.empty());
    }
}

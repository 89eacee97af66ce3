package io.iotdm.provisioning.certificate;

import io.iotdm.aws.service.AwsOperationHandler;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.aws.service.AwsResponse;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/** Deletes a certificate that is not ACTIVE and is attached to nothing (its policies with forceDelete). */
@Singleton
class DeleteCertificateHandler extends AwsOperationHandler {

    private final CertificateService certificates;

    DeleteCertificateHandler(CertificateService certificates) {
        super("iot", "DeleteCertificate");
        this.certificates = certificates;
    }

    @Override
    public Uni<AwsResponse> handle(AwsRequest request) {
        return certificates
                .delete(request.string("certificateId"), request.flag("forceDelete"))
                .map(done -> AwsResponse.empty());
    }
}

package io.iotdm.provisioning.ca;

import io.iotdm.aws.service.AwsOperationHandler;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.aws.service.AwsResponse;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/** Deletes an INACTIVE CA certificate. */
@Singleton
class DeleteCACertificateHandler extends AwsOperationHandler {

    private final CaCertificateService cas;

    DeleteCACertificateHandler(CaCertificateService cas) {
        super("iot", "DeleteCACertificate");
        this.cas = cas;
    }

    @Override
    public Uni<AwsResponse> handle(AwsRequest request) {
        return cas.delete(request.string("certificateId")).map(done -> AwsResponse.empty());
    }
}

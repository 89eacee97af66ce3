package io.iotdm.provisioning.certificate;

import io.iotdm.aws.protocol.Arns;
import io.iotdm.aws.service.AwsOperationHandler;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.aws.service.AwsResponse;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/** A certificate from iotdm's CA for the key and subject of a CSR. */
@Singleton
class CreateCertificateFromCsrHandler extends AwsOperationHandler {

    private final CertificateCreation creation;
    private final Arns arns;

    CreateCertificateFromCsrHandler(CertificateCreation creation, Arns arns) {
        super("iot", "CreateCertificateFromCsr");
        this.creation = creation;
        this.arns = arns;
    }

    @Override
    public Uni<AwsResponse> handle(AwsRequest request) {
        return creation.createFromCsr(request.string("certificateSigningRequest"), request.flag("setAsActive"))
                .map(certificate -> AwsResponse.json(CertificateJson.created(certificate, arns)));
    }
}

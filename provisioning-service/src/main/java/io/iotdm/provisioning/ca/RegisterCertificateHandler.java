package io.iotdm.provisioning.ca;

import io.iotdm.aws.protocol.Arns;
import io.iotdm.aws.service.AwsOperationHandler;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.aws.service.AwsResponse;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/** Registers a device certificate signed by a registered CA. */
@Singleton
class RegisterCertificateHandler extends AwsOperationHandler {

    private final DeviceCertificateRegistration registration;
    private final Arns arns;

    RegisterCertificateHandler(DeviceCertificateRegistration registration, Arns arns) {
        super("iot", "RegisterCertificate");
        this.registration = registration;
        this.arns = arns;
    }

    @Override
    public Uni<AwsResponse> handle(AwsRequest request) {
        return registration
                .register(
                        request.string("certificatePem"),
                        request.string("caCertificatePem"),
                        request.string("status"),
                        request.flag("setAsActive"))
                .map(certificate -> AwsResponse.json(
                        CaCertificateJson.registered(arns.certificate(certificate.id()), certificate.id())));
    }
}

package io.iotdm.provisioning.ca;

import io.iotdm.aws.protocol.Arns;
import io.iotdm.aws.service.AwsErrors;
import io.iotdm.aws.service.AwsOperationHandler;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.aws.service.AwsResponse;
import io.iotdm.provisioning.ca.CaCertificateService.CaRegistrationRequest;
import io.iotdm.provisioning.store.Certificate;
import io.iotdm.tags.Tags;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/** Registers a CA certificate, proven by a verification certificate in DEFAULT mode. */
@Singleton
class RegisterCACertificateHandler extends AwsOperationHandler {

    private final CaCertificateService cas;
    private final AwsErrors errors;
    private final Arns arns;

    RegisterCACertificateHandler(CaCertificateService cas, AwsErrors errors, Arns arns) {
        super("iot", "RegisterCACertificate");
        this.cas = cas;
        this.errors = errors;
        this.arns = arns;
    }

    @Override
    public Uni<AwsResponse> handle(AwsRequest request) {
        return cas.register(new CaRegistrationRequest(
                        request.string("caCertificate"),
                        request.string("verificationCertificate"),
                        Certificate.Mode.valueOf(request.string("certificateMode", "DEFAULT")),
                        request.flag("setAsActive"),
                        request.flag("allowAutoRegistration"),
                        RegistrationConfigs.parse(request.node("registrationConfig"), errors),
                        Tags.of(request.node("tags"))))
                .map(ca -> AwsResponse.json(CaCertificateJson.registered(arns.caCertificate(ca.id()), ca.id())));
    }
}

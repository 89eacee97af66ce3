package io.iotdm.provisioning.ca;

import io.iotdm.aws.service.AwsErrors;
import io.iotdm.aws.service.AwsOperationHandler;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.aws.service.AwsResponse;
import io.iotdm.provisioning.ca.CaCertificateService.CaUpdate;
import io.iotdm.provisioning.store.CaCertificate.AutoRegistration;
import io.iotdm.provisioning.store.CaCertificate.Status;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/** A CA certificate's status, auto-registration and registrationConfig. */
@Singleton
class UpdateCACertificateHandler extends AwsOperationHandler {

    private final CaCertificateService cas;
    private final AwsErrors errors;

    UpdateCACertificateHandler(CaCertificateService cas, AwsErrors errors) {
        super("iot", "UpdateCACertificate");
        this.cas = cas;
        this.errors = errors;
    }

    @Override
    public Uni<AwsResponse> handle(AwsRequest request) {
        String newStatus = request.string("newStatus");
        String newAutoRegistration = request.string("newAutoRegistrationStatus");
        return cas.update(
                        request.string("certificateId"),
                        new CaUpdate(
                                newStatus == null ? null : Status.valueOf(newStatus), // the model's enums are checked
                                newAutoRegistration == null ? null : AutoRegistration.valueOf(newAutoRegistration),
                                RegistrationConfigs.parse(request.node("registrationConfig"), errors),
                                request.flag("removeAutoRegistration")))
                .map(done -> AwsResponse.empty());
    }
}

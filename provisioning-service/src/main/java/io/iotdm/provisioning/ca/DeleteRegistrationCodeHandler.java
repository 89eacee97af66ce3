package io.iotdm.provisioning.ca;

import io.iotdm.aws.service.AwsOperationHandler;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.aws.service.AwsResponse;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/** Deletes the account's registration code; the next GetRegistrationCode makes a new one. */
@Singleton
class DeleteRegistrationCodeHandler extends AwsOperationHandler {

    private final CaCertificateService cas;

    DeleteRegistrationCodeHandler(CaCertificateService cas) {
        super("iot", "DeleteRegistrationCode");
        this.cas = cas;
    }

    @Override
    public Uni<AwsResponse> handle(AwsRequest request) {
        return cas.deleteRegistrationCode().map(done -> AwsResponse.empty());
    }
}

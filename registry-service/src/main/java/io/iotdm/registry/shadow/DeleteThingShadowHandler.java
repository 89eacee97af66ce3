package io.iotdm.registry.shadow;

import io.iotdm.aws.service.AwsOperationHandler;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.aws.service.AwsResponse;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

@Singleton
class DeleteThingShadowHandler extends AwsOperationHandler {

    private final ShadowService shadows;
    private final ShadowErrors errors;

    DeleteThingShadowHandler(ShadowService shadows, ShadowErrors errors) {
        super("iot-data", "DeleteThingShadow");
        this.shadows = shadows;
        this.errors = errors;
    }

    @Override
    public Uni<AwsResponse> handle(AwsRequest request) {
        return errors.document(() -> shadows.delete(request.string("thingName"), request.string("shadowName")));
    }
}

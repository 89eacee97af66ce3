package io.iotdm.registry.shadow;

import io.iotdm.aws.service.AwsOperationHandler;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.aws.service.AwsResponse;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

@Singleton
class UpdateThingShadowHandler extends AwsOperationHandler {

    private final ShadowService shadows;
    private final ShadowErrors errors;

    UpdateThingShadowHandler(ShadowService shadows, ShadowErrors errors) {
        super("iot-data", "UpdateThingShadow");
        this.shadows = shadows;
        this.errors = errors;
    }

    @Override
    public Uni<AwsResponse> handle(AwsRequest request) {
        return errors.document(() ->
                shadows.update(request.string("thingName"), request.string("shadowName"), request.blob("payload")));
    }
}

package io.iotdm.registry.shadow;

import io.iotdm.aws.service.AwsOperationHandler;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.aws.service.AwsResponse;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

@Singleton
class UpdateThingShadowHandler implements AwsOperationHandler {

    private final ShadowService shadows;
    private final ShadowErrors errors;

    UpdateThingShadowHandler(ShadowService shadows, ShadowErrors errors) {
        this.shadows = shadows;
        this.errors = errors;
    }

    @Override
    public String service() {
        return "iot-data";
    }

    @Override
    public String operation() {
        return "UpdateThingShadow";
    }

    @Override
    public Uni<AwsResponse> handle(AwsRequest request) {
        return Uni.createFrom()
                .deferred(() -> shadows.update(
                        request.string("thingName"), request.string("shadowName"), request.blob("payload")))
                .map(AwsResponse::document)
                .onFailure()
                .transform(errors::toAws);
    }
}

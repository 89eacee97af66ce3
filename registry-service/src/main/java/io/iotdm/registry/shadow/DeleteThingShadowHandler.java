package io.iotdm.registry.shadow;

import io.iotdm.aws.service.AwsOperationHandler;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.aws.service.AwsResponse;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

@Singleton
class DeleteThingShadowHandler implements AwsOperationHandler {

    private final ShadowService shadows;
    private final ShadowErrors errors;

    DeleteThingShadowHandler(ShadowService shadows, ShadowErrors errors) {
        this.shadows = shadows;
        this.errors = errors;
    }

    @Override
    public String service() {
        return "iot-data";
    }

    @Override
    public String operation() {
        return "DeleteThingShadow";
    }

    @Override
    public Uni<AwsResponse> handle(AwsRequest request) {
        return Uni.createFrom()
                .deferred(() -> shadows.delete(request.string("thingName"), request.string("shadowName")))
                .map(AwsResponse::document)
                .onFailure()
                .transform(errors::toAws);
    }
}

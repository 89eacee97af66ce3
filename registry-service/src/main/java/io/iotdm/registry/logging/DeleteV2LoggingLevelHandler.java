package io.iotdm.registry.logging;

import io.iotdm.aws.service.AwsOperationHandler;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.aws.service.AwsResponse;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

@Singleton
class DeleteV2LoggingLevelHandler extends AwsOperationHandler {

    private final LoggingService logging;

    DeleteV2LoggingLevelHandler(LoggingService logging) {
        super("iot", "DeleteV2LoggingLevel");
        this.logging = logging;
    }

    @Override
    public Uni<AwsResponse> handle(AwsRequest request) {
        return logging.deleteLevel(new LogTarget(request.string("targetType"), request.string("targetName")))
                .replaceWith(AwsResponse.empty());
    }
}

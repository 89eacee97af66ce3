package io.iotdm.registry.logging;

import io.iotdm.aws.service.AwsOperationHandler;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.aws.service.AwsResponse;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

@Singleton
class SetV2LoggingLevelHandler extends AwsOperationHandler {

    private final LoggingService logging;

    SetV2LoggingLevelHandler(LoggingService logging) {
        super("iot", "SetV2LoggingLevel");
        this.logging = logging;
    }

    @Override
    public Uni<AwsResponse> handle(AwsRequest request) {
        return logging.setLevel(LoggingJson.target(request.node("logTarget")), request.string("logLevel"))
                .replaceWith(AwsResponse.empty());
    }
}

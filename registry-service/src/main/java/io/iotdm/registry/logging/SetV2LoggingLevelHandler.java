package io.iotdm.registry.logging;

import io.iotdm.aws.service.AwsOperationHandler;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.aws.service.AwsResponse;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

@Singleton
class SetV2LoggingLevelHandler implements AwsOperationHandler {

    private final LoggingService logging;

    SetV2LoggingLevelHandler(LoggingService logging) {
        this.logging = logging;
    }

    @Override
    public String service() {
        return "iot";
    }

    @Override
    public String operation() {
        return "SetV2LoggingLevel";
    }

    @Override
    public Uni<AwsResponse> handle(AwsRequest request) {
        return logging.setLevel(LoggingJson.target(request.node("logTarget")), request.string("logLevel"))
                .replaceWith(AwsResponse.empty());
    }
}

package io.iotdm.registry.logging;

import io.iotdm.aws.service.AwsOperationHandler;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.aws.service.AwsResponse;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

@Singleton
class GetV2LoggingOptionsHandler implements AwsOperationHandler {

    private final LoggingService logging;

    GetV2LoggingOptionsHandler(LoggingService logging) {
        this.logging = logging;
    }

    @Override
    public String service() {
        return "iot";
    }

    @Override
    public String operation() {
        return "GetV2LoggingOptions";
    }

    @Override
    public Uni<AwsResponse> handle(AwsRequest request) {
        // verbose asks for every event type that event-based logging supports as well; iotdm writes no AWS logs of
        // its own to list, so it answers the configured ones either way
        return logging.options().map(options -> AwsResponse.json(LoggingJson.options(options)));
    }
}

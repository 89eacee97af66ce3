package io.iotdm.registry.logging;

import io.iotdm.aws.service.AwsOperationHandler;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.aws.service.AwsResponse;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

@Singleton
class GetV2LoggingOptionsHandler extends AwsOperationHandler {

    private final LoggingService logging;

    GetV2LoggingOptionsHandler(LoggingService logging) {
        super("iot", "GetV2LoggingOptions");
        this.logging = logging;
    }

    @Override
    public Uni<AwsResponse> handle(AwsRequest request) {
        // verbose asks for every event type that event-based logging supports as well; iotdm writes no AWS logs of
        // its own to list, so it answers the configured ones either way
        return logging.options().map(options -> AwsResponse.json(LoggingJson.options(options)));
    }
}

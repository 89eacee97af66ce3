package io.iotdm.registry.logging;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.iotdm.aws.service.AwsOperationHandler;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.aws.service.AwsResponse;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

@Singleton
class SetV2LoggingOptionsHandler extends AwsOperationHandler {

    private final LoggingService logging;

    SetV2LoggingOptionsHandler(LoggingService logging) {
        super("iot", "SetV2LoggingOptions");
        this.logging = logging;
    }

    @Override
    public Uni<AwsResponse> handle(AwsRequest request) {
        return logging.setOptions(new LoggingOptions(
                        request.string("roleArn"),
                        request.string("defaultLogLevel"),
                        request.flag("disableAllLogs"),
                        request.node("eventConfigurations") instanceof ArrayNode given ? given : null))
                .replaceWith(AwsResponse.empty());
    }
}

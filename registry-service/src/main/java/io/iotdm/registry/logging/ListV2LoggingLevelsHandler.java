package io.iotdm.registry.logging;

import io.iotdm.aws.service.AwsOperationHandler;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.aws.service.AwsResponse;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

@Singleton
class ListV2LoggingLevelsHandler extends AwsOperationHandler {

    /** AWS documents no default page size; 50, as the registry listings answer. */
    static final int DEFAULT_MAX_RESULTS = 50;

    private final LoggingService logging;

    ListV2LoggingLevelsHandler(LoggingService logging) {
        super("iot", "ListV2LoggingLevels");
        this.logging = logging;
    }

    @Override
    public Uni<AwsResponse> handle(AwsRequest request) {
        return logging.levels(
                        request.string("targetType"),
                        request.string("nextToken"),
                        request.pageSize("maxResults", DEFAULT_MAX_RESULTS))
                .map(page -> AwsResponse.json(page.json(
                        "logTargetConfigurations", configuration -> LoggingJson.targetConfiguration(configuration))));
    }
}

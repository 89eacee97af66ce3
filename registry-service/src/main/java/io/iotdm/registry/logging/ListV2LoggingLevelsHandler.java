package io.iotdm.registry.logging;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iotdm.aws.service.AwsOperationHandler;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.aws.service.AwsResponse;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

@Singleton
class ListV2LoggingLevelsHandler implements AwsOperationHandler {

    /** AWS documents no default page size; 50, as the registry listings answer. */
    static final int DEFAULT_MAX_RESULTS = 50;

    private final LoggingService logging;

    ListV2LoggingLevelsHandler(LoggingService logging) {
        this.logging = logging;
    }

    @Override
    public String service() {
        return "iot";
    }

    @Override
    public String operation() {
        return "ListV2LoggingLevels";
    }

    @Override
    public Uni<AwsResponse> handle(AwsRequest request) {
        Long maxResults = request.number("maxResults");
        return logging.levels(
                        request.string("targetType"),
                        request.string("nextToken"),
                        maxResults == null ? DEFAULT_MAX_RESULTS : maxResults.intValue())
                .map(page -> {
                    ObjectNode output = JsonNodeFactory.instance.objectNode();
                    ArrayNode listed = output.putArray("logTargetConfigurations");
                    page.items().forEach(configuration -> listed.add(LoggingJson.targetConfiguration(configuration)));
                    if (page.nextToken() != null) {
                        output.put("nextToken", page.nextToken());
                    }
                    return AwsResponse.json(output);
                });
    }
}

package io.iotdm.registry.shadow;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iotdm.aws.service.AwsOperationHandler;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.aws.service.AwsResponse;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.time.Clock;

@Singleton
class ListNamedShadowsForThingHandler implements AwsOperationHandler {

    /** AWS's page size for this operation when the caller gives none (the model allows 1 to 100). */
    static final int DEFAULT_PAGE_SIZE = 100;

    private final ShadowService shadows;
    private final Clock clock;

    ListNamedShadowsForThingHandler(ShadowService shadows, Clock clock) {
        this.shadows = shadows;
        this.clock = clock;
    }

    @Override
    public String service() {
        return "iot-data";
    }

    @Override
    public String operation() {
        return "ListNamedShadowsForThing";
    }

    @Override
    public Uni<AwsResponse> handle(AwsRequest request) {
        Long pageSize = request.number("pageSize");
        return shadows.namedShadows(
                        request.string("thingName"),
                        request.string("nextToken"),
                        pageSize == null ? DEFAULT_PAGE_SIZE : pageSize.intValue())
                .map(page -> {
                    ObjectNode output = JsonNodeFactory.instance.objectNode();
                    ArrayNode results = output.putArray("results");
                    page.items().forEach(results::add);
                    if (page.nextToken() != null) {
                        output.put("nextToken", page.nextToken());
                    }
                    output.put("timestamp", clock.instant().getEpochSecond());
                    return AwsResponse.json(output);
                });
    }
}

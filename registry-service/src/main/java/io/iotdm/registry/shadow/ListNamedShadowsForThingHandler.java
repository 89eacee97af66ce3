package io.iotdm.registry.shadow;

import com.fasterxml.jackson.databind.node.TextNode;
import io.iotdm.aws.service.AwsOperationHandler;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.aws.service.AwsResponse;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.time.Clock;

@Singleton
class ListNamedShadowsForThingHandler extends AwsOperationHandler {

    /** AWS's page size for this operation when the caller gives none (the model allows 1 to 100). */
    static final int DEFAULT_PAGE_SIZE = 100;

    private final ShadowService shadows;
    private final Clock clock;

    ListNamedShadowsForThingHandler(ShadowService shadows, Clock clock) {
        super("iot-data", "ListNamedShadowsForThing");
        this.shadows = shadows;
        this.clock = clock;
    }

    @Override
    public Uni<AwsResponse> handle(AwsRequest request) {
        return shadows.namedShadows(
                        request.string("thingName"),
                        request.string("nextToken"),
                        request.pageSize("pageSize", DEFAULT_PAGE_SIZE))
                .map(page -> AwsResponse.json(page.json("results", TextNode::valueOf)
                        .put("timestamp", clock.instant().getEpochSecond())));
    }
}

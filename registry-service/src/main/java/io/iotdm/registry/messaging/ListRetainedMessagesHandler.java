package io.iotdm.registry.messaging;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.iotdm.aws.protocol.Timestamps;
import io.iotdm.aws.service.AwsOperationHandler;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.aws.service.AwsResponse;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

@Singleton
class ListRetainedMessagesHandler extends AwsOperationHandler {

    /** AWS documents no default page size (the model allows 1 to 200); 50, as the registry listings answer. */
    static final int DEFAULT_MAX_RESULTS = 50;

    private final MessagingService messaging;

    ListRetainedMessagesHandler(MessagingService messaging) {
        super("iot-data", "ListRetainedMessages");
        this.messaging = messaging;
    }

    @Override
    public Uni<AwsResponse> handle(AwsRequest request) {
        return messaging
                .retainedMessages(request.string("nextToken"), request.pageSize("maxResults", DEFAULT_MAX_RESULTS))
                .map(page -> AwsResponse.json(page.json("retainedTopics", summary -> JsonNodeFactory.instance
                        .objectNode()
                        .put("topic", summary.topic())
                        .put("payloadSize", summary.payloadSize())
                        .put("qos", summary.qos())
                        .put("lastModifiedTime", Timestamps.epochMillis(summary.lastModifiedTime())))));
    }
}

package io.iotdm.registry.messaging;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iotdm.aws.protocol.Timestamps;
import io.iotdm.aws.service.AwsOperationHandler;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.aws.service.AwsResponse;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

@Singleton
class ListRetainedMessagesHandler implements AwsOperationHandler {

    /** AWS documents no default page size (the model allows 1 to 200); 50, as the registry listings answer. */
    static final int DEFAULT_MAX_RESULTS = 50;

    private final MessagingService messaging;

    ListRetainedMessagesHandler(MessagingService messaging) {
        this.messaging = messaging;
    }

    @Override
    public String service() {
        return "iot-data";
    }

    @Override
    public String operation() {
        return "ListRetainedMessages";
    }

    @Override
    public Uni<AwsResponse> handle(AwsRequest request) {
        Long maxResults = request.number("maxResults");
        return messaging
                .retainedMessages(
                        request.string("nextToken"), maxResults == null ? DEFAULT_MAX_RESULTS : maxResults.intValue())
                .map(page -> {
                    ObjectNode output = JsonNodeFactory.instance.objectNode();
                    ArrayNode listed = output.putArray("retainedTopics");
                    page.items().forEach(summary -> listed.addObject()
                            .put("topic", summary.topic())
                            .put("payloadSize", summary.payloadSize())
                            .put("qos", summary.qos())
                            .put("lastModifiedTime", Timestamps.epochMillis(summary.lastModifiedTime())));
                    if (page.nextToken() != null) {
                        output.put("nextToken", page.nextToken());
                    }
                    return AwsResponse.json(output);
                });
    }
}

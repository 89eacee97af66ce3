package io.iotdm.registry.messaging;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iotdm.aws.protocol.Timestamps;
import io.iotdm.aws.service.AwsOperationHandler;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.aws.service.AwsResponse;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

@Singleton
class GetRetainedMessageHandler extends AwsOperationHandler {

    private final MessagingService messaging;

    GetRetainedMessageHandler(MessagingService messaging) {
        super("iot-data", "GetRetainedMessage");
        this.messaging = messaging;
    }

    /** Blobs travel as base64 in JSON; {@code lastModifiedTime} is epoch milliseconds (the model's long). */
    @Override
    public Uni<AwsResponse> handle(AwsRequest request) {
        return messaging.retainedMessage(request.string("topic")).map(message -> {
            ObjectNode output = JsonNodeFactory.instance.objectNode();
            output.put("topic", message.topic());
            output.put("payload", Base64.getEncoder().encodeToString(message.payload()));
            output.put("qos", message.qos());
            output.put("lastModifiedTime", Timestamps.epochMillis(message.lastModifiedTime()));
            if (message.userProperties() != null) {
                output.put(
                        "userProperties",
                        Base64.getEncoder()
                                .encodeToString(message.userProperties().getBytes(StandardCharsets.UTF_8)));
            }
            return AwsResponse.json(output);
        });
    }
}

package io.iotdm.registry.messaging;

import io.iotdm.aws.service.AwsOperationHandler;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.aws.service.AwsResponse;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

@Singleton
class PublishHandler extends AwsOperationHandler {

    private final MessagingService messaging;

    PublishHandler(MessagingService messaging) {
        super("iot-data", "Publish");
        this.messaging = messaging;
    }

    @Override
    public Uni<AwsResponse> handle(AwsRequest request) {
        Long qos = request.number("qos");
        return messaging
                .publish(new MqttMessage(
                        request.string("topic"),
                        request.blob("payload"),
                        qos == null ? 0 : qos.intValue(), // AWS: the default QoS is 0
                        request.flag("retain"),
                        request.string("userProperties"),
                        request.string("payloadFormatIndicator"),
                        request.string("contentType"),
                        request.string("responseTopic"),
                        request.string("correlationData"),
                        request.number("messageExpiry")))
                .replaceWith(AwsResponse.empty());
    }
}

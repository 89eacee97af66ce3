package io.iotdm.devicegateway.broker;

import com.fasterxml.jackson.databind.JsonNode;
import com.hivemq.extension.sdk.api.packets.general.Qos;
import com.hivemq.extension.sdk.api.packets.publish.PayloadFormatIndicator;
import com.hivemq.extension.sdk.api.services.builder.Builders;
import com.hivemq.extension.sdk.api.services.builder.PublishBuilder;
import io.iotdm.events.MqttMessages;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.Map;

/** A message of {@link MqttMessages} as the broker publishes it: to subscribers, or retained to a new subscription. */
public final class MqttPublishes {

    private MqttPublishes() {}

    /** The message with the MQTT 5 properties it was published with (MQTT 3.1.1 subscribers get none of them). */
    public static PublishBuilder of(MqttMessages.Message message) {
        PublishBuilder publish = Builders.publish()
                .topic(message.topic())
                // AWS IoT Core has no QoS 2
                .qos(message.qos() == 0 ? Qos.AT_MOST_ONCE : Qos.AT_LEAST_ONCE)
                .retain(message.retain())
                .payload(ByteBuffer.wrap(message.payload()));
        if (message.contentType() != null) {
            publish.contentType(message.contentType());
        }
        if (message.responseTopic() != null) {
            publish.responseTopic(message.responseTopic());
        }
        if (message.correlationData() != null) {
            publish.correlationData(ByteBuffer.wrap(Base64.getDecoder().decode(message.correlationData())));
        }
        if (message.messageExpiry() != null) {
            publish.messageExpiryInterval(message.messageExpiry());
        }
        if ("UTF8_DATA".equals(message.payloadFormatIndicator())) {
            publish.payloadFormatIndicator(PayloadFormatIndicator.UTF_8);
        }
        if (message.userProperties() != null) {
            for (JsonNode property : message.userProperties()) {
                for (Map.Entry<String, JsonNode> pair : property.properties()) {
                    publish.userProperty(pair.getKey(), pair.getValue().asText());
                }
            }
        }
        return publish;
    }
}

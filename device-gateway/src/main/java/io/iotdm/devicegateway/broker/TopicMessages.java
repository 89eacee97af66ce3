package io.iotdm.devicegateway.broker;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishInboundInput;
import com.hivemq.extension.sdk.api.packets.general.UserProperty;
import com.hivemq.extension.sdk.api.packets.publish.PayloadFormatIndicator;
import com.hivemq.extension.sdk.api.packets.publish.PublishPacket;
import io.iotdm.events.DeviceMessages;
import io.iotdm.events.Event;
import io.iotdm.events.MqttMessages;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * A device's publish on a topic that is not reserved, once its policies allowed it, goes to {@value MqttMessages#TOPIC}
 * (platform/events {@link MqttMessages}: key the MQTT topic, the envelope with the MQTT 5 properties the device sent),
 * from where every gateway instance, this one included, delivers it to its subscribers (docs/aws-behaviour.md §9.7).
 */
@ApplicationScoped
class TopicMessages {

    private final KafkaRecords kafka;

    TopicMessages(KafkaRecords kafka) {
        this.kafka = kafka;
    }

    /** @return completes once Kafka has acknowledged the record */
    CompletableFuture<Void> forward(PublishInboundInput input) {
        PublishPacket publish = input.getPublishPacket();
        MqttMessages.Message message = new MqttMessages.Message(
                publish.getTopic(),
                bytes(publish.getPayload()),
                publish.getQos().getQosNumber(),
                publish.getRetain(),
                userProperties(publish.getUserProperties().asList()),
                publish.getContentType().orElse(null),
                publish.getResponseTopic().orElse(null),
                publish.getMessageExpiryInterval().orElse(null),
                publish.getCorrelationData()
                        .map(data -> Base64.getEncoder().encodeToString(bytes(Optional.of(data))))
                        .orElse(null),
                publish.getPayloadFormatIndicator()
                        .map(format -> format == PayloadFormatIndicator.UTF_8 ? "UTF8_DATA" : "UNSPECIFIED_BYTES")
                        .orElse(null));
        RecordHeaders headers = new RecordHeaders();
        header(headers, Event.MQTT_TOPIC_HEADER, publish.getTopic());
        header(
                headers,
                DeviceMessages.CLIENT_ID_HEADER,
                input.getClientInformation().getClientId());
        header(headers, DeviceMessages.MESSAGE_ID_HEADER, UUID.randomUUID().toString());
        header(headers, DeviceMessages.RECEIVED_AT_HEADER, Long.toString(System.currentTimeMillis()));
        return kafka.send(MqttMessages.TOPIC, publish.getTopic(), headers, message.bytes());
    }

    /** iot-data's form: one object per property, so that a name may repeat. */
    private static ArrayNode userProperties(List<UserProperty> properties) {
        if (properties.isEmpty()) {
            return null;
        }
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        properties.forEach(property -> array.addObject().put(property.getName(), property.getValue()));
        return array;
    }

    static void header(RecordHeaders headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    /** The bytes unchanged; the packet's buffers are read-only and shared, so they are read through a duplicate. */
    static byte[] bytes(Optional<ByteBuffer> payload) {
        if (payload.isEmpty()) {
            return new byte[0];
        }
        ByteBuffer buffer = payload.get().duplicate();
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }
}

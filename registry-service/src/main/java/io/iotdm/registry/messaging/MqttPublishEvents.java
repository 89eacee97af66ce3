package io.iotdm.registry.messaging;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iotdm.aws.protocol.Timestamps;
import io.iotdm.events.Event;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/**
 * Messages published through the API, as records for the device gateway to deliver over MQTT. The topic is internal
 * and carries the project's own envelope, not an AWS payload:
 *
 * <pre>{"topic", "payload" (base64), "qos", "retain", "userProperties" (the JSON array), "contentType",
 * "responseTopic", "messageExpiry", "correlationData" (base64), "payloadFormatIndicator"}</pre>
 *
 * Optional members are absent when the request had none.
 */
final class MqttPublishEvents {

    /** Keyed by MQTT topic, so that the messages of one topic stay in order. */
    static final String KAFKA_TOPIC = "iotdm.mqtt.publish";

    private MqttPublishEvents() {}

    /**
     * @param userProperties the decoded user properties, or {@code null}
     * @param at when the message was accepted: its epoch milliseconds are the record's resource version, which
     *     orders a topic's messages
     */
    static Event published(MqttMessage message, ArrayNode userProperties, Instant at) {
        ObjectNode envelope = JsonNodeFactory.instance.objectNode();
        envelope.put("topic", message.topic());
        envelope.put("payload", Base64.getEncoder().encodeToString(message.payload()));
        envelope.put("qos", message.qos());
        envelope.put("retain", message.retain());
        if (userProperties != null) {
            envelope.set("userProperties", userProperties);
        }
        putIfPresent(envelope, "contentType", message.contentType());
        putIfPresent(envelope, "responseTopic", message.responseTopic());
        if (message.messageExpiry() != null) {
            envelope.put("messageExpiry", message.messageExpiry());
        }
        putIfPresent(envelope, "correlationData", message.correlationData());
        putIfPresent(envelope, "payloadFormatIndicator", message.payloadFormatIndicator());
        return new Event(
                KAFKA_TOPIC,
                message.topic(),
                message.topic(),
                UUID.randomUUID().toString(),
                Timestamps.epochMillis(at),
                envelope);
    }

    private static void putIfPresent(ObjectNode envelope, String member, String value) {
        if (value != null) {
            envelope.put(member, value);
        }
    }
}

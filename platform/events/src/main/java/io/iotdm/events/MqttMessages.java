package io.iotdm.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

/**
 * Device-to-device messages (docs/aws-behaviour.md §9.3): {@value #TOPIC} carries every message published on a topic
 * that is not reserved, by a device through any device-gateway instance or through iot-data's Publish (the registry,
 * through its outbox), so that every gateway instance delivers it to its own subscribers (docs/architecture.md, "The
 * device bridge"). Key: the MQTT topic, so that one topic's messages keep their order. Value: the JSON envelope of
 * {@link Message#json()}, the payload in base64 (the outbox carries JSON text). Headers: {@link Event#MQTT_TOPIC_HEADER};
 * a device's message also {@link DeviceMessages#CLIENT_ID_HEADER}, {@link DeviceMessages#MESSAGE_ID_HEADER} and {@link
 * DeviceMessages#RECEIVED_AT_HEADER}. The registry stores the retained ones among a device's messages (iot-data's
 * Publish stores its own in its transaction).
 */
public final class MqttMessages {

    public static final String TOPIC = "iotdm.mqtt.publish";

    private static final JsonMapper JSON = new JsonMapper();

    private MqttMessages() {}

    /**
     * One message as published.
     *
     * @param payload empty for an empty payload
     * @param userProperties MQTT 5 user properties as a JSON array of one-member objects ({@code [{"name":"value"}]},
     *     iot-data's form), or {@code null}
     * @param correlationData base64, or {@code null}
     * @param messageExpiry seconds, or {@code null}
     * @param payloadFormatIndicator {@code UNSPECIFIED_BYTES} or {@code UTF8_DATA} (iot-data's names), or {@code null}
     */
    public record Message(
            String topic,
            byte[] payload,
            int qos,
            boolean retain,
            ArrayNode userProperties,
            String contentType,
            String responseTopic,
            Long messageExpiry,
            String correlationData,
            String payloadFormatIndicator) {

        /** {@code {"topic", "payload" (base64), "qos", "retain", ...}}: optional members are absent when null. */
        public ObjectNode json() {
            ObjectNode envelope = JsonNodeFactory.instance.objectNode();
            envelope.put("topic", topic);
            envelope.put("payload", Base64.getEncoder().encodeToString(payload));
            envelope.put("qos", qos);
            envelope.put("retain", retain);
            if (userProperties != null) {
                envelope.set("userProperties", userProperties);
            }
            putIfPresent(envelope, "contentType", contentType);
            putIfPresent(envelope, "responseTopic", responseTopic);
            if (messageExpiry != null) {
                envelope.put("messageExpiry", messageExpiry);
            }
            putIfPresent(envelope, "correlationData", correlationData);
            putIfPresent(envelope, "payloadFormatIndicator", payloadFormatIndicator);
            return envelope;
        }

        /** The record value. */
        public byte[] bytes() {
            try {
                return JSON.writeValueAsBytes(json());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /**
         * The event iot-data's Publish commits through the outbox.
         *
         * @param version the epoch milliseconds the message was accepted at
         */
        public Event event(long version) {
            return new Event(TOPIC, topic, topic, UUID.randomUUID().toString(), version, json(), Map.of());
        }

        /**
         * @throws IllegalArgumentException when {@code value} is not an envelope
         */
        public static Message of(byte[] value) {
            JsonNode envelope;
            try {
                envelope = JSON.readTree(value);
            } catch (IOException e) {
                throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
            }
            if (envelope == null
                    || !envelope.path("topic").isTextual()
                    || !envelope.path("payload").isTextual()) {
                throw new IllegalArgumentException("no topic or payload");
            }
            return new Message(
                    envelope.get("topic").asText(),
                    Base64.getDecoder().decode(envelope.get("payload").asText()),
                    envelope.path("qos").asInt(0),
                    envelope.path("retain").asBoolean(false),
                    envelope.get("userProperties") instanceof ArrayNode array ? array : null,
                    text(envelope, "contentType"),
                    text(envelope, "responseTopic"),
                    envelope.hasNonNull("messageExpiry")
                            ? envelope.get("messageExpiry").asLong()
                            : null,
                    text(envelope, "correlationData"),
                    text(envelope, "payloadFormatIndicator"));
        }

        private static String text(JsonNode envelope, String member) {
            JsonNode value = envelope.get(member);
            return value == null || value.isNull() ? null : value.asText();
        }

        private static void putIfPresent(ObjectNode envelope, String member, String value) {
            if (value != null) {
                envelope.put(member, value);
            }
        }
    }
}

package io.iotdm.registry.shadow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.iotdm.events.DeviceMessages;
import io.iotdm.events.Event;
import io.iotdm.events.ShadowEvents;
import io.iotdm.testing.KafkaTopicReader;
import java.io.IOException;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** The shadow service's answers to devices, read from {@code iotdm.device.outbound} as the device gateway reads them. */
final class DeviceShadowAnswers {

    private static final JsonMapper JSON = new JsonMapper();

    private DeviceShadowAnswers() {}

    /** The first answer for the thing on the shadow's topic with this suffix. */
    static JsonNode answer(String thing, String shadowName, String suffix) throws IOException {
        String topic = ShadowEvents.topicPrefix(thing, shadowName) + suffix;
        List<ConsumerRecord<String, String>> answers = KafkaTopicReader.await(
                DeviceMessages.OUTBOUND_TOPIC,
                record -> thing.equals(record.key())
                        && topic.equals(KafkaTopicReader.header(record, Event.MQTT_TOPIC_HEADER)),
                1);
        return JSON.readTree(answers.get(0).value());
    }

    /** The answer on the topic whose clientToken is {@code clientToken} ({@code null}: the one without). */
    static JsonNode answer(String thing, String shadowName, String suffix, String clientToken) throws IOException {
        String topic = ShadowEvents.topicPrefix(thing, shadowName) + suffix;
        List<ConsumerRecord<String, String>> answers = KafkaTopicReader.await(
                DeviceMessages.OUTBOUND_TOPIC,
                record -> thing.equals(record.key())
                        && topic.equals(KafkaTopicReader.header(record, Event.MQTT_TOPIC_HEADER))
                        && sameToken(record.value(), clientToken),
                1);
        return JSON.readTree(answers.get(0).value());
    }

    /** A thing name no other test uses. */
    static String thingName() {
        return "mqtt-shadow-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static boolean sameToken(String payload, String clientToken) {
        try {
            JsonNode token = JSON.readTree(payload).get("clientToken");
            return clientToken == null ? token == null : token != null && clientToken.equals(token.asText());
        } catch (IOException unreadable) {
            return false;
        }
    }
}

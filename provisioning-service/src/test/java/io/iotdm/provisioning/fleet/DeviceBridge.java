package io.iotdm.provisioning.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.iotdm.events.DeviceMessages;
import io.iotdm.events.Event;
import io.iotdm.service.auth.SealedDeviceMessages;
import io.iotdm.testing.InternalTestCalls;
import io.iotdm.testing.KafkaTopicReader;
import io.iotdm.testing.KafkaTopicWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The device gateway's side of the device bridge, as the tests play it: a device's publish put on {@code
 * iotdm.device.inbound} with the gateway's headers, and the answers read from {@code iotdm.device.outbound}.
 */
final class DeviceBridge {

    private static final JsonMapper JSON = new JsonMapper();

    /** What the device gateway opens sealed answers with: the test JVM's internal secret, as the services'. */
    private static final SealedDeviceMessages SEAL = new SealedDeviceMessages(InternalTestCalls.secret());

    /**
     * One answer to one connection: its MQTT topic, its payload (opened, as the device gateway gives it the device,
     * when it is sealed), the record's key, client-id and session-token headers, its value as it is on Kafka, and
     * whether it is sealed.
     */
    record Answer(
            String mqttTopic,
            JsonNode payload,
            String key,
            String clientId,
            String sessionToken,
            String recordValue,
            boolean sealed) {}

    private DeviceBridge() {}

    /** The gateway's token of the test's one connection of {@code clientId}, on its requests. */
    static String sessionToken(String clientId) {
        return "connection-of-" + clientId;
    }

    /** @return the message id the publish was forwarded under */
    static String publish(String clientId, String certificateId, String mqttTopic, String payload) {
        String messageId = UUID.randomUUID().toString();
        publish(clientId, certificateId, mqttTopic, payload, messageId);
        return messageId;
    }

    static void publish(String clientId, String certificateId, String mqttTopic, String payload, String messageId) {
        Map<String, String> headers = new HashMap<>();
        headers.put(Event.MQTT_TOPIC_HEADER, mqttTopic);
        headers.put(DeviceMessages.CLIENT_ID_HEADER, clientId);
        headers.put(DeviceMessages.SESSION_TOKEN_HEADER, sessionToken(clientId));
        headers.put(DeviceMessages.MESSAGE_ID_HEADER, messageId);
        headers.put(DeviceMessages.RECEIVED_AT_HEADER, Long.toString(System.currentTimeMillis()));
        if (certificateId != null) {
            headers.put(DeviceMessages.CERTIFICATE_ID_HEADER, certificateId);
        }
        KafkaTopicWriter.publish(
                DeviceMessages.INBOUND_TOPIC, clientId, payload.getBytes(StandardCharsets.UTF_8), headers);
    }

    /** The first {@code count} answers for the connection of {@code clientId}, in the order they were sent. */
    static List<Answer> answers(String clientId, int count) {
        return KafkaTopicReader.await(
                        DeviceMessages.OUTBOUND_TOPIC,
                        record -> clientId.equals(KafkaTopicReader.header(record, DeviceMessages.CLIENT_ID_HEADER)),
                        count)
                .stream()
                .limit(count)
                .map(DeviceBridge::answer)
                .toList();
    }

    static Answer answer(String clientId) {
        return answers(clientId, 1).getFirst();
    }

    private static Answer answer(ConsumerRecord<String, String> record) {
        String topic = KafkaTopicReader.header(record, Event.MQTT_TOPIC_HEADER);
        String clientId = KafkaTopicReader.header(record, DeviceMessages.CLIENT_ID_HEADER);
        String token = KafkaTopicReader.header(record, DeviceMessages.SESSION_TOKEN_HEADER);
        String sealedWith = KafkaTopicReader.header(record, DeviceMessages.SEALED_HEADER);
        try {
            JsonNode value = JSON.readTree(record.value());
            JsonNode payload = sealedWith == null
                    ? value
                    : JSON.readTree(
                            SEAL.open(value.path(DeviceMessages.SEALED_MEMBER).asText(), topic, clientId, token));
            return new Answer(
                    topic,
                    payload,
                    record.key(),
                    clientId,
                    token,
                    record.value(),
                    SealedDeviceMessages.ALGORITHM.equals(sealedWith));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

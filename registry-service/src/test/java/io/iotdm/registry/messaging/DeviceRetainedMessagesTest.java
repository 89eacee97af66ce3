package io.iotdm.registry.messaging;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.iotdm.events.DeviceMessages;
import io.iotdm.events.Event;
import io.iotdm.events.MqttMessages;
import io.iotdm.registry.RegistryTestResource;
import io.iotdm.testing.KafkaTopicWriter;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A device's retained message, as the device gateway writes it on {@value MqttMessages#TOPIC}, reaches the store that
 * iot-data's GetRetainedMessage reads, and its empty retained message deletes it (docs/aws-behaviour.md §9.7).
 */
@QuarkusTest
@RegistryTestResource
class DeviceRetainedMessagesTest {

    /** How long the consumer may take before the test fails; not a claim about its speed. */
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @Test
    void aDevicesRetainedMessageIsStoredAndItsEmptyOneDeletesIt() throws Exception {
        String topic = "device-retained-" + UUID.randomUUID().toString().substring(0, 8) + "/state";
        deviceMessage(topic, "on", true);
        Response stored = retainedWhen(topic, 200);
        assertThat(Base64.getDecoder().decode(stored.path("payload").toString()))
                .asString(StandardCharsets.UTF_8)
                .isEqualTo("on");
        assertThat((Integer) stored.path("qos")).isEqualTo(1);

        // a message without RETAIN changes nothing; an empty retained one deletes
        deviceMessage(topic, "not kept", false);
        deviceMessage(topic, "", true);
        assertThat(retainedWhen(topic, 404).header("x-amzn-ErrorType")).isEqualTo("ResourceNotFoundException");
    }

    private static void deviceMessage(String topic, String payload, boolean retain) {
        MqttMessages.Message message = new MqttMessages.Message(
                topic, payload.getBytes(StandardCharsets.UTF_8), 1, retain, null, null, null, null, null, null);
        KafkaTopicWriter.publish(
                MqttMessages.TOPIC,
                topic,
                message.bytes(),
                Map.of(
                        Event.MQTT_TOPIC_HEADER,
                        topic,
                        DeviceMessages.CLIENT_ID_HEADER,
                        "retaining-device",
                        DeviceMessages.MESSAGE_ID_HEADER,
                        UUID.randomUUID().toString(),
                        DeviceMessages.RECEIVED_AT_HEADER,
                        Long.toString(System.currentTimeMillis())));
    }

    /** GetRetainedMessage, asked again until it answers {@code status}. */
    private static Response retainedWhen(String topic, int status) throws InterruptedException {
        Instant deadline = Instant.now().plus(PATIENCE);
        while (true) {
            Response response = given().urlEncodingEnabled(false)
                    .get("/retainedMessage/" + URLEncoder.encode(topic, StandardCharsets.UTF_8));
            if (response.statusCode() == status || Instant.now().isAfter(deadline)) {
                assertThat(response.statusCode()).as(response.asString()).isEqualTo(status);
                return response;
            }
            Thread.sleep(100);
        }
    }
}

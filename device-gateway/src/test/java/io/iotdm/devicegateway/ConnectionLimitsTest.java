package io.iotdm.devicegateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5DisconnectException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5SubAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.disconnect.Mqtt5DisconnectReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAckReasonCode;
import io.iotdm.devicegateway.TestDevices.Device;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** AWS IoT's limits per connection, with their MQTT 5 reason codes (docs/aws-behaviour.md §9.8). */
@QuarkusTest
@QuarkusTestResource(TestProvisioning.Resource.class)
class ConnectionLimitsTest {

    @Inject
    TestProvisioning provisioning;

    @Inject
    TestDevices devices;

    private Device device;

    @BeforeEach
    void devices() {
        device = provisioning.registeredDevice("ACTIVE", List.of());
    }

    @Test
    void aPayloadOf128KbPassesAndALargerOneEndsTheConnection() throws Exception {
        String clientId = TestDevices.clientId();
        CompletableFuture<Throwable> disconnected = new CompletableFuture<>();
        Mqtt5BlockingClient client = devices.mqtt5(device, clientId, disconnected::complete);
        client.connect();

        publish(client, "devices/" + clientId + "/data", 128 * 1024); // acknowledged: a refusal would throw
        assertThat(client.getState().isConnected()).isTrue();
        assertThatThrownBy(() -> publish(client, "devices/" + clientId + "/data", 128 * 1024 + 1));

        assertThat(disconnected.get(30, TimeUnit.SECONDS))
                .isInstanceOfSatisfying(Mqtt5DisconnectException.class, disconnect -> assertThat(
                                disconnect.getMqttMessage().getReasonCode())
                        .isEqualTo(Mqtt5DisconnectReasonCode.PACKET_TOO_LARGE));
    }

    @Test
    void aTopicWithMoreThanSevenSlashesEndsTheConnection() throws Exception {
        String clientId = TestDevices.clientId();
        CompletableFuture<Throwable> disconnected = new CompletableFuture<>();
        Mqtt5BlockingClient client = devices.mqtt5(device, clientId, disconnected::complete);
        client.connect();
        // devices/<id>/a/b/c/d/e/f/g: eight slashes
        assertThatThrownBy(() -> publish(client, "devices/" + clientId + "/a/b/c/d/e/f/g", 1));

        assertThat(disconnected.get(30, TimeUnit.SECONDS))
                .isInstanceOfSatisfying(Mqtt5DisconnectException.class, disconnect -> assertThat(
                                disconnect.getMqttMessage().getReasonCode())
                        .isEqualTo(Mqtt5DisconnectReasonCode.TOPIC_NAME_INVALID));
    }

    @Test
    void subscriptionsPastFiftyOrTooDeepFailAndTheClientStays() {
        String clientId = TestDevices.clientId();
        Mqtt5BlockingClient client = devices.mqtt5(device, clientId, cause -> {});
        client.connect();
        try {
            assertThat(refusal(client, "devices/" + clientId + "/a/b/c/d/e/f/g"))
                    .isEqualTo(Mqtt5SubAckReasonCode.TOPIC_FILTER_INVALID);
            for (int i = 0; i < 50; i++) {
                client.subscribeWith()
                        .topicFilter("devices/" + clientId + "/" + i)
                        .qos(MqttQos.AT_LEAST_ONCE)
                        .send();
            }
            assertThat(refusal(client, "devices/" + clientId + "/50")).isEqualTo(Mqtt5SubAckReasonCode.QUOTA_EXCEEDED);
            // one of the fifty again is no fifty-first
            client.subscribeWith()
                    .topicFilter("devices/" + clientId + "/0")
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .send();
            assertThat(client.getState().isConnected()).isTrue();
        } finally {
            client.disconnect();
        }
    }

    @Test
    void aClientIdOf128CharactersConnectsAndALongerOneIsRefused() {
        Mqtt5BlockingClient longest = devices.mqtt5(device, "c".repeat(128), cause -> {});
        longest.connect();
        longest.disconnect();

        assertThatThrownBy(() ->
                        devices.mqtt5(device, "c".repeat(129), cause -> {}).connect())
                .isInstanceOfSatisfying(Mqtt5ConnAckException.class, refused -> assertThat(
                                refused.getMqttMessage().getReasonCode())
                        .isEqualTo(Mqtt5ConnAckReasonCode.CLIENT_IDENTIFIER_NOT_VALID));
    }

    private static void publish(Mqtt5BlockingClient client, String topic, int size) {
        client.publishWith()
                .topic(topic)
                .qos(MqttQos.AT_LEAST_ONCE)
                .payload(new byte[size])
                .send();
    }

    private static Mqtt5SubAckReasonCode refusal(Mqtt5BlockingClient client, String filter) {
        try {
            client.subscribeWith()
                    .topicFilter(filter)
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .send();
            throw new AssertionError("the subscription to " + filter + " was granted");
        } catch (Mqtt5SubAckException refused) {
            return refused.getMqttMessage().getReasonCodes().getFirst();
        }
    }
}

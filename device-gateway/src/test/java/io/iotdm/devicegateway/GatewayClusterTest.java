package io.iotdm.devicegateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import io.iotdm.devicegateway.TestDevices.Device;
import io.iotdm.testing.KafkaTopicReader;
import io.iotdm.testing.KafkaTopicWriter;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * The gateway as one instance of a cluster (docs/architecture.md, "One session per client id across gateway
 * instances"): the test plays a second instance on devstack's Kafka, writing its session claims and heartbeats as an
 * instance does, and the gateway under test must answer as the other instance would expect.
 */
@QuarkusTest
@QuarkusTestResource(TestProvisioning.Resource.class)
class GatewayClusterTest {

    private static final JsonMapper JSON = new JsonMapper();
    private static final String SESSIONS = "iotdm.device-gateway.sessions";
    private static final String INSTANCES = "iotdm.device-gateway.instances";
    private static final String PRESENCE = "aws.events.presence";

    @Inject
    TestProvisioning provisioning;

    @Inject
    TestDevices devices;

    @Test
    void aConnectOnAnotherInstanceTakesTheSessionOver() throws Exception {
        String clientId = TestDevices.clientId();
        Device device = provisioning.registeredDevice("ACTIVE", List.of());
        CountDownLatch disconnected = new CountDownLatch(1);
        Mqtt5BlockingClient client = devices.mqtt5(device, clientId, disconnected);
        client.connect();
        // the gateway's own claim is on the topic: the other instance's comes after it
        ConsumerRecord<String, String> own = KafkaTopicReader.await(
                        SESSIONS, record -> clientId.equals(record.key()), 1)
                .getFirst();
        String ownToken = JSON.readTree(own.value()).get("token").asText();

        claim(clientId, "instance-" + UUID.randomUUID(), UUID.randomUUID().toString(), device.certificateId());

        assertThat(disconnected.await(30, TimeUnit.SECONDS))
                .as("disconnected once another instance claimed the client id")
                .isTrue();
        JsonNode ended = disconnectedEvent(clientId, ownToken);
        assertThat(ended.get("disconnectReason").asText()).isEqualTo("DUPLICATE_CLIENTID");
        assertThat(ended.get("clientInitiatedDisconnect").asBoolean()).isFalse();
    }

    @Test
    void theSessionsOfAnInstanceThatStoppedSendingHeartbeatsAreDisconnected() throws Exception {
        String dead = "instance-" + UUID.randomUUID();
        String lost = TestDevices.clientId();
        String lostToken = UUID.randomUUID().toString();
        heartbeat(dead);
        claim(lost, dead, lostToken, "c0ffee");
        // a client id of the dead instance that has connected here since
        String reconnected = TestDevices.clientId();
        String reconnectedToken = UUID.randomUUID().toString();
        claim(reconnected, dead, reconnectedToken, "c0ffee");
        Device device = provisioning.registeredDevice("ACTIVE", List.of());
        Mqtt5BlockingClient client = devices.mqtt5(device, reconnected, new CountDownLatch(1));
        client.connect();
        try {
            JsonNode ended = disconnectedEvent(lost, lostToken);
            assertThat(ended.get("disconnectReason").asText()).isEqualTo("CONNECTION_LOST");
            assertThat(ended.get("clientInitiatedDisconnect").asBoolean()).isFalse();
            assertThat(ended.get("principalIdentifier").asText()).isEqualTo("c0ffee");
            // the instance is marked gone once its sessions were ended
            KafkaTopicReader.await(
                    INSTANCES,
                    record -> dead.equals(record.key()) && record.value().contains("\"gone\":true"),
                    1);
            List<ConsumerRecord<String, String>> released = KafkaTopicReader.await(
                    SESSIONS,
                    record -> lost.equals(record.key()) && record.value().contains("\"released\":true"),
                    1);
            assertThat(JSON.readTree(released.getFirst().value()).get("token").asText())
                    .isEqualTo(lostToken);
        } finally {
            client.disconnect();
        }
        // the connection that reconnected here had no disconnected event for its dead one: its events are its
        // connected and, after the dead instance was handled, its own disconnect (one partition, in order)
        List<ConsumerRecord<String, String>> events =
                KafkaTopicReader.await(PRESENCE, record -> reconnected.equals(record.key()), 2);
        assertThat(JSON.readTree(events.get(0).value()).get("eventType").asText())
                .isEqualTo("connected");
        JsonNode last = JSON.readTree(events.get(1).value());
        assertThat(last.get("disconnectReason").asText()).isEqualTo("CLIENT_INITIATED_DISCONNECT");
        assertThat(last.get("sessionIdentifier").asText()).isNotEqualTo(reconnectedToken);
    }

    private static JsonNode disconnectedEvent(String clientId, String token) throws Exception {
        ConsumerRecord<String, String> event = KafkaTopicReader.await(
                        PRESENCE,
                        record -> clientId.equals(record.key())
                                && record.value().contains("\"disconnected\"")
                                && record.value().contains(token),
                        1)
                .getFirst();
        JsonNode payload = JSON.readTree(event.value());
        assertThat(payload.get("sessionIdentifier").asText()).isEqualTo(token);
        return payload;
    }

    /** Writes a session claim as another gateway instance does. */
    private static void claim(String clientId, String instance, String token, String certificateId) {
        String value = JSON.createObjectNode()
                .put("instance", instance)
                .put("token", token)
                .put("certificateId", certificateId)
                .put("versionNumber", System.currentTimeMillis())
                .put("released", false)
                .toString();
        KafkaTopicWriter.publish(SESSIONS, clientId, value.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    private static void heartbeat(String instance) {
        KafkaTopicWriter.publish(
                INSTANCES, instance, "{\"sessions\":2,\"gone\":false}".getBytes(StandardCharsets.UTF_8), Map.of());
    }
}

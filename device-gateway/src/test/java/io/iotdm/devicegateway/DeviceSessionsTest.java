package io.iotdm.devicegateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import io.iotdm.devicegateway.TestDevices.Device;
import io.iotdm.events.ProvisioningChanges;
import io.iotdm.testing.KafkaTopicReader;
import io.iotdm.testing.KafkaTopicWriter;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * What happens to live sessions: a certificate revoked while connected loses its session (a provisioning change on
 * devstack's Kafka), and every session's start and end are AWS's presence events on {@code aws.events.presence}
 * (docs/aws-behaviour.md §9.4, §9.5).
 */
@QuarkusTest
@QuarkusTestResource(TestProvisioning.Resource.class)
class DeviceSessionsTest {

    private static final JsonMapper JSON = new JsonMapper();

    @Inject
    TestProvisioning provisioning;

    @Inject
    TestDevices devices;

    @Test
    void aCertificateRevokedWhileConnectedLosesItsSession() throws Exception {
        String clientId = TestDevices.clientId();
        Device device = provisioning.registeredDevice("ACTIVE", List.of());
        CountDownLatch disconnected = new CountDownLatch(1);
        Mqtt5BlockingClient client = devices.mqtt5(device, clientId, disconnected);
        client.connect();

        provisioning.register(
                device.certificateId(),
                provisioning.registration(device.certificateId()).withStatus("REVOKED"));
        announce(new ProvisioningChanges.Change(
                ProvisioningChanges.ResourceType.CERTIFICATE, device.certificateId(), "REVOKED", 1));

        assertThat(disconnected.await(60, TimeUnit.SECONDS))
                .as("disconnected after the revocation")
                .isTrue();
        devices.assertNotAuthorized(device);
    }

    @Test
    void anUnknownCertificateIsAskedAboutOnceWhateverTheClientIdUntilItIsRegistered() throws Exception {
        Device device = TestDevices.device();
        devices.assertNotAuthorized(device);
        devices.assertNotAuthorized(device); // another client id: "not registered" is kept per certificate
        assertThat(provisioning.questions(device.certificateId())).isEqualTo(1);

        provisioning.register(
                device.certificateId(), TestProvisioning.active(device, List.of(TestProvisioning.OWN_TOPICS)));
        announce(new ProvisioningChanges.Change(
                ProvisioningChanges.ResourceType.CERTIFICATE, device.certificateId(), "ACTIVE", 1));

        // the registration's change drops the kept answer: the device gets in once the change has arrived
        Instant deadline = Instant.now().plusSeconds(30);
        boolean connected = false;
        while (!connected && Instant.now().isBefore(deadline)) {
            Mqtt5BlockingClient client = devices.mqtt5(device, TestDevices.clientId(), new CountDownLatch(1));
            try {
                client.connect();
                client.disconnect();
                connected = true;
            } catch (Mqtt5ConnAckException refused) {
                Thread.sleep(100);
            }
        }
        assertThat(connected).as("connected after the registration").isTrue();
    }

    @Test
    void aPolicyDetachedFromTheCertificateStopsItsPublishesWithoutAReconnect() throws Exception {
        String clientId = TestDevices.clientId();
        Device device = provisioning.registeredDevice("ACTIVE", List.of());
        Mqtt5BlockingClient client = devices.mqtt5(device, clientId, new CountDownLatch(1));
        client.connect();
        try {
            publish(client, clientId); // allowed, and the answer is now cached

            provisioning.register(
                    device.certificateId(),
                    provisioning.registration(device.certificateId()).withPolicies(List.of()));
            announce(new ProvisioningChanges.Change(
                    ProvisioningChanges.ResourceType.POLICY_ATTACHMENT,
                    "arn:aws:iot:us-east-1:123456789012:cert/" + device.certificateId(),
                    "detached:own-topics",
                    2));

            Instant deadline = Instant.now().plusSeconds(30);
            boolean refused = false;
            while (!refused && Instant.now().isBefore(deadline)) {
                try {
                    publish(client, clientId);
                    Thread.sleep(100);
                } catch (Mqtt5PubAckException denied) {
                    assertThat(denied.getMqttMessage().getReasonCode()).isEqualTo(Mqtt5PubAckReasonCode.NOT_AUTHORIZED);
                    refused = true;
                }
            }
            assertThat(refused)
                    .as("publishes refused once the attachment change arrived")
                    .isTrue();
        } finally {
            client.disconnect();
        }
    }

    private static void publish(Mqtt5BlockingClient client, String clientId) {
        client.publishWith()
                .topic("devices/" + clientId + "/temperature")
                .qos(MqttQos.AT_LEAST_ONCE)
                .payload("21.5".getBytes(StandardCharsets.UTF_8))
                .send();
    }

    @Test
    void presenceEventsTellWhenADeviceConnectsAndDisconnects() throws Exception {
        String clientId = TestDevices.clientId();
        Device device = provisioning.registeredDevice("ACTIVE", List.of());
        Mqtt5BlockingClient client = devices.mqtt5(device, clientId, new CountDownLatch(1));
        client.connect();
        client.disconnect();

        List<ConsumerRecord<String, String>> events =
                KafkaTopicReader.await("aws.events.presence", record -> clientId.equals(record.key()), 2);
        JsonNode connected = JSON.readTree(events.get(0).value());
        JsonNode disconnected = JSON.readTree(events.get(1).value());
        assertThat(KafkaTopicReader.header(events.get(0), "mqtt-topic"))
                .isEqualTo("$aws/events/presence/connected/" + clientId);
        assertThat(KafkaTopicReader.header(events.get(1), "mqtt-topic"))
                .isEqualTo("$aws/events/presence/disconnected/" + clientId);
        assertThat(connected.get("eventType").asText()).isEqualTo("connected");
        assertThat(connected.get("clientId").asText()).isEqualTo(clientId);
        assertThat(connected.get("principalIdentifier").asText()).isEqualTo(device.certificateId());
        assertThat(connected.get("ipAddress").asText()).isEqualTo("127.0.0.1");
        assertThat(connected.get("timestamp").isIntegralNumber()).isTrue();
        assertThat(disconnected.get("eventType").asText()).isEqualTo("disconnected");
        assertThat(disconnected.get("clientInitiatedDisconnect").asBoolean()).isTrue();
        assertThat(disconnected.get("disconnectReason").asText()).isEqualTo("CLIENT_INITIATED_DISCONNECT");
        assertThat(disconnected.has("ipAddress")).isFalse();
        // one session: the same identifier and version in both
        assertThat(disconnected.get("sessionIdentifier")).isEqualTo(connected.get("sessionIdentifier"));
        assertThat(disconnected.get("versionNumber")).isEqualTo(connected.get("versionNumber"));
    }

    /** Publishes a change as provisioning-service's outbox relay does. */
    private static void announce(ProvisioningChanges.Change change) {
        var event = change.event();
        KafkaTopicWriter.publish(
                event.kafkaTopic(),
                event.key(),
                event.payload().toString().getBytes(StandardCharsets.UTF_8),
                event.headers());
    }
}

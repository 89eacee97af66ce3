package io.iotdm.devicegateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.exceptions.Mqtt3ConnAckException;
import com.hivemq.client.mqtt.mqtt3.exceptions.Mqtt3SubAckException;
import com.hivemq.client.mqtt.mqtt3.message.connect.connack.Mqtt3ConnAckReturnCode;
import com.hivemq.client.mqtt.mqtt3.message.subscribe.suback.Mqtt3SubAckReturnCode;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5SubAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAckReasonCode;
import io.iotdm.devicegateway.TestDevices.Device;
import io.iotdm.devicegateway.broker.MqttBroker;
import io.iotdm.events.ProvisioningChanges;
import io.iotdm.testing.KafkaTopicReader;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Devices over mutual TLS against the embedded broker, with the HiveMQ MQTT client: authentication by the certificate's
 * registration, authorization by the policies in force (docs/aws-behaviour.md §9), and a certificate revoked while
 * connected (a change on devstack's Kafka).
 */
@QuarkusTest
@QuarkusTestResource(TestProvisioning.Resource.class)
class DeviceGatewayTest {

    /** Connect as the client id; publish, subscribe and receive under {@code devices/<client id>/}. */
    private static final String OWN_TOPICS =
            """
            {"Version":"2012-10-17","Statement":[
              {"Effect":"Allow","Action":"iot:Connect","Resource":"arn:aws:iot:us-east-1:123456789012:client/${iot:ClientId}"},
              {"Effect":"Allow","Action":["iot:Publish","iot:Receive"],
               "Resource":"arn:aws:iot:us-east-1:123456789012:topic/devices/${iot:ClientId}/*"},
              {"Effect":"Allow","Action":"iot:Subscribe",
               "Resource":"arn:aws:iot:us-east-1:123456789012:topicfilter/devices/${iot:ClientId}/*"}]}""";

    /** The thing's group policy: its own thing topics, only when connected as the attached thing. */
    private static final String THING_TOPICS =
            """
            {"Version":"2012-10-17","Statement":[
              {"Effect":"Allow","Action":["iot:Publish","iot:Receive"],
               "Resource":"arn:aws:iot:us-east-1:123456789012:topic/things/${iot:Connection.Thing.ThingName}/*"},
              {"Effect":"Allow","Action":"iot:Subscribe",
               "Resource":"arn:aws:iot:us-east-1:123456789012:topicfilter/things/${iot:Connection.Thing.ThingName}/*"}]}""";

    private static final JsonMapper JSON = new JsonMapper();

    @Inject
    TestProvisioning provisioning;

    @Inject
    MqttBroker broker;

    @ConfigProperty(name = "iotdm.device-gateway.mqtt.port")
    int port;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String kafka;

    private TestDevices devices;

    @BeforeEach
    void devices() {
        devices = new TestDevices(broker.tls().caFile(), port);
    }

    private Device registered(String status, List<String> things) {
        Device device = TestDevices.device();
        provisioning.register(
                device.certificateId(),
                new TestProvisioning.Registration(
                        status,
                        "",
                        "",
                        device.certificate().notBefore().toEpochMilli(),
                        device.certificate().notAfter().toEpochMilli(),
                        things,
                        List.of(OWN_TOPICS),
                        List.of(THING_TOPICS)));
        return device;
    }

    private static String clientId() {
        return "client-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void anActiveCertificateConnectsAndPublishesAndReceivesWithinItsPolicy() throws Exception {
        String clientId = clientId();
        Mqtt5BlockingClient client = devices.mqtt5(registered("ACTIVE", List.of()), clientId, new CountDownLatch(1));
        client.connect();
        try (Mqtt5BlockingClient.Mqtt5Publishes publishes = client.publishes(MqttGlobalPublishFilter.ALL)) {
            client.subscribeWith()
                    .topicFilter("devices/" + clientId + "/#")
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .send();
            client.publishWith()
                    .topic("devices/" + clientId + "/temperature")
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .payload("21.5".getBytes(StandardCharsets.UTF_8))
                    .send();

            Optional<Mqtt5Publish> received = publishes.receive(30, TimeUnit.SECONDS);
            assertThat(received).isPresent();
            assertThat(received.get().getTopic().toString()).isEqualTo("devices/" + clientId + "/temperature");
            assertThat(new String(received.get().getPayloadAsBytes(), StandardCharsets.UTF_8))
                    .isEqualTo("21.5");
        } finally {
            client.disconnect();
        }
    }

    @Test
    void mqtt5PublishAndSubscribeOutsideThePolicyAreRefusedAndTheClientStays() {
        String clientId = clientId();
        Mqtt5BlockingClient client = devices.mqtt5(registered("ACTIVE", List.of()), clientId, new CountDownLatch(1));
        client.connect();
        try {
            assertThatThrownBy(() -> client.publishWith()
                            .topic("devices/someone-else/temperature")
                            .qos(MqttQos.AT_LEAST_ONCE)
                            .send())
                    .isInstanceOfSatisfying(Mqtt5PubAckException.class, refused -> assertThat(
                                    refused.getMqttMessage().getReasonCode())
                            .isEqualTo(Mqtt5PubAckReasonCode.NOT_AUTHORIZED));
            assertThatThrownBy(() -> client.subscribeWith()
                            .topicFilter("devices/+/temperature")
                            .send())
                    .isInstanceOfSatisfying(Mqtt5SubAckException.class, refused -> assertThat(
                                    refused.getMqttMessage().getReasonCodes())
                            .containsExactly(Mqtt5SubAckReasonCode.NOT_AUTHORIZED));
            assertThat(client.getState().isConnected()).isTrue();
        } finally {
            if (client.getState().isConnected()) {
                client.disconnect();
            }
        }
    }

    @Test
    void mqtt3SubscribeOutsideThePolicyFailsAndPublishOutsideItDisconnects() throws Exception {
        String clientId = clientId();
        CountDownLatch disconnected = new CountDownLatch(1);
        Mqtt3BlockingClient client = devices.mqtt3(registered("ACTIVE", List.of()), clientId, disconnected);
        client.connect();
        assertThatThrownBy(() -> client.subscribeWith()
                        .topicFilter("devices/+/temperature")
                        .send())
                .isInstanceOfSatisfying(Mqtt3SubAckException.class, refused -> assertThat(
                                refused.getMqttMessage().getReturnCodes())
                        .containsExactly(Mqtt3SubAckReturnCode.FAILURE));
        assertThat(client.getState().isConnected()).isTrue();

        client.publishWith()
                .topic("devices/someone-else/temperature")
                .qos(MqttQos.AT_MOST_ONCE)
                .send();
        assertThat(disconnected.await(30, TimeUnit.SECONDS))
                .as("disconnected for a refused publish")
                .isTrue();
    }

    @Test
    void connectingUnderAnotherClientIdIsNotAuthorized() {
        Device device = registered("ACTIVE", List.of());
        // the policy allows client/${iot:ClientId}: any id is its own, so a policy naming one id is needed here
        provisioning.register(
                device.certificateId(),
                provisioning
                        .registration(device.certificateId())
                        .withPolicies(
                                List.of(
                                        """
                        {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iot:Connect",
                         "Resource":"arn:aws:iot:us-east-1:123456789012:client/sensor-1"}]}""")));
        assertThatThrownBy(() ->
                        devices.mqtt5(device, "sensor-2", new CountDownLatch(1)).connect())
                .isInstanceOfSatisfying(Mqtt5ConnAckException.class, refused -> assertThat(
                                refused.getMqttMessage().getReasonCode())
                        .isEqualTo(Mqtt5ConnAckReasonCode.NOT_AUTHORIZED));
        Mqtt5BlockingClient allowed = devices.mqtt5(device, "sensor-1", new CountDownLatch(1));
        allowed.connect();
        allowed.disconnect();
    }

    @Test
    void certificatesThatAreNotActiveUnknownExpiredOrUnderAnInactiveCaAreRefused() {
        for (String status : List.of("INACTIVE", "REVOKED", "PENDING_TRANSFER")) {
            Device device = registered(status, List.of());
            assertNotAuthorized(device);
        }
        assertNotAuthorized(TestDevices.device()); // never registered

        Device expired = registered("ACTIVE", List.of());
        TestProvisioning.Registration active = provisioning.registration(expired.certificateId());
        long past = Instant.now().minus(Duration.ofDays(1)).toEpochMilli();
        provisioning.register(
                expired.certificateId(),
                new TestProvisioning.Registration(
                        "ACTIVE",
                        "",
                        "",
                        active.notBeforeMillis() - Duration.ofDays(30).toMillis(),
                        past,
                        List.of(),
                        active.certificatePolicies(),
                        List.of()));
        assertNotAuthorized(expired);

        Device underInactiveCa = registered("ACTIVE", List.of());
        provisioning.register(
                underInactiveCa.certificateId(),
                new TestProvisioning.Registration(
                        "ACTIVE",
                        "c".repeat(64),
                        "INACTIVE",
                        active.notBeforeMillis(),
                        active.notAfterMillis(),
                        List.of(),
                        active.certificatePolicies(),
                        List.of()));
        assertNotAuthorized(underInactiveCa);

        // MQTT 3.1.1: return code 5
        assertThatThrownBy(() -> devices.mqtt3(registered("INACTIVE", List.of()), clientId(), new CountDownLatch(1))
                        .connect())
                .isInstanceOfSatisfying(Mqtt3ConnAckException.class, refused -> assertThat(
                                refused.getMqttMessage().getReturnCode())
                        .isEqualTo(Mqtt3ConnAckReturnCode.NOT_AUTHORIZED));
    }

    @Test
    void aClientWithoutACertificateFailsTheHandshake() {
        assertThatThrownBy(() -> devices.withoutCertificate(clientId()).connect())
                .isNotInstanceOf(Mqtt5ConnAckException.class);
    }

    @Test
    void theThingsPoliciesApplyWhenTheClientIdIsTheAttachedThing() throws Exception {
        String thing = "thing-" + UUID.randomUUID().toString().substring(0, 8);
        Device device = registered("ACTIVE", List.of(thing));

        Mqtt5BlockingClient asThing = devices.mqtt5(device, thing, new CountDownLatch(1));
        asThing.connect();
        try (Mqtt5BlockingClient.Mqtt5Publishes publishes = asThing.publishes(MqttGlobalPublishFilter.ALL)) {
            asThing.subscribeWith().topicFilter("things/" + thing + "/#").send();
            asThing.publishWith()
                    .topic("things/" + thing + "/state")
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .payload("on".getBytes(StandardCharsets.UTF_8))
                    .send();
            assertThat(publishes.receive(30, TimeUnit.SECONDS)).isPresent();
        } finally {
            asThing.disconnect();
        }

        // the same certificate under another client id has the certificate's policies only
        String other = clientId();
        Mqtt5BlockingClient asOther = devices.mqtt5(device, other, new CountDownLatch(1));
        asOther.connect();
        try {
            assertThatThrownBy(() -> asOther.subscribeWith()
                            .topicFilter("things/" + thing + "/#")
                            .send())
                    .isInstanceOf(Mqtt5SubAckException.class);
        } finally {
            asOther.disconnect();
        }
    }

    @Test
    void aMessageIsNotDeliveredWhereTheSubscriberMayNotReceiveIt() throws Exception {
        String clientId = clientId();
        Device device = registered("ACTIVE", List.of());
        provisioning.register(
                device.certificateId(),
                provisioning
                        .registration(device.certificateId())
                        .withPolicies(
                                List.of(
                                        OWN_TOPICS,
                                        """
                        {"Version":"2012-10-17","Statement":[
                          {"Effect":"Allow","Action":"iot:Subscribe",
                           "Resource":"arn:aws:iot:us-east-1:123456789012:topicfilter/shared/#"},
                          {"Effect":"Allow","Action":"iot:Publish",
                           "Resource":"arn:aws:iot:us-east-1:123456789012:topic/shared/*"},
                          {"Effect":"Allow","Action":"iot:Receive",
                           "Resource":"arn:aws:iot:us-east-1:123456789012:topic/shared/open"}]}""")));
        Mqtt5BlockingClient client = devices.mqtt5(device, clientId, new CountDownLatch(1));
        client.connect();
        try (Mqtt5BlockingClient.Mqtt5Publishes publishes = client.publishes(MqttGlobalPublishFilter.ALL)) {
            client.subscribeWith()
                    .topicFilter("shared/#")
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .send();
            for (String topic : List.of("shared/secret", "shared/open")) {
                client.publishWith()
                        .topic(topic)
                        .qos(MqttQos.AT_LEAST_ONCE)
                        .payload(topic.getBytes(StandardCharsets.UTF_8))
                        .send();
            }
            Optional<Mqtt5Publish> first = publishes.receive(30, TimeUnit.SECONDS);
            assertThat(first).isPresent();
            assertThat(first.get().getTopic().toString()).isEqualTo("shared/open");
        } finally {
            client.disconnect();
        }
    }

    @Test
    void aCertificateRevokedWhileConnectedLosesItsSession() throws Exception {
        String clientId = clientId();
        Device device = registered("ACTIVE", List.of());
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
        assertNotAuthorized(device);
    }

    @Test
    void presenceEventsTellWhenADeviceConnectsAndDisconnects() throws Exception {
        String clientId = clientId();
        Device device = registered("ACTIVE", List.of());
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

    private void assertNotAuthorized(Device device) {
        assertThatThrownBy(() ->
                        devices.mqtt5(device, clientId(), new CountDownLatch(1)).connect())
                .isInstanceOfSatisfying(Mqtt5ConnAckException.class, refused -> assertThat(
                                refused.getMqttMessage().getReasonCode())
                        .isEqualTo(Mqtt5ConnAckReasonCode.NOT_AUTHORIZED));
    }

    /** Publishes a change as provisioning-service's outbox relay does. */
    private void announce(ProvisioningChanges.Change change) {
        var event = change.event();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                Map.of("bootstrap.servers", kafka), new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(
                    event.kafkaTopic(), event.key(), event.payload().toString().getBytes(StandardCharsets.UTF_8)));
            producer.flush();
        }
    }
}

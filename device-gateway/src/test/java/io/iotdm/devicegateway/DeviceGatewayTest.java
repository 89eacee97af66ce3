package io.iotdm.devicegateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import org.junit.jupiter.api.Test;

/**
 * Devices over mutual TLS against the embedded broker, with the HiveMQ MQTT client: authentication by the certificate's
 * registration and authorization by the policies in force (docs/aws-behaviour.md §9).
 */
@QuarkusTest
@QuarkusTestResource(TestProvisioning.Resource.class)
class DeviceGatewayTest {

    @Inject
    TestProvisioning provisioning;

    @Inject
    TestDevices devices;

    @Test
    void anActiveCertificateConnectsAndPublishesAndReceivesWithinItsPolicy() throws Exception {
        String clientId = TestDevices.clientId();
        Mqtt5BlockingClient client =
                devices.mqtt5(provisioning.registeredDevice("ACTIVE", List.of()), clientId, new CountDownLatch(1));
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
        String clientId = TestDevices.clientId();
        Mqtt5BlockingClient client =
                devices.mqtt5(provisioning.registeredDevice("ACTIVE", List.of()), clientId, new CountDownLatch(1));
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
        String clientId = TestDevices.clientId();
        CountDownLatch disconnected = new CountDownLatch(1);
        Mqtt3BlockingClient client =
                devices.mqtt3(provisioning.registeredDevice("ACTIVE", List.of()), clientId, disconnected);
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
        Device device = provisioning.registeredDevice("ACTIVE", List.of());
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
            Device device = provisioning.registeredDevice(status, List.of());
            devices.assertNotAuthorized(device);
        }
        devices.assertNotAuthorized(TestDevices.device()); // never registered

        Device expired = provisioning.registeredDevice("ACTIVE", List.of());
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
        devices.assertNotAuthorized(expired);

        Device underInactiveCa = provisioning.registeredDevice("ACTIVE", List.of());
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
        devices.assertNotAuthorized(underInactiveCa);

        // MQTT 3.1.1: return code 5
        assertThatThrownBy(() -> devices.mqtt3(
                                provisioning.registeredDevice("INACTIVE", List.of()),
                                TestDevices.clientId(),
                                new CountDownLatch(1))
                        .connect())
                .isInstanceOfSatisfying(Mqtt3ConnAckException.class, refused -> assertThat(
                                refused.getMqttMessage().getReturnCode())
                        .isEqualTo(Mqtt3ConnAckReturnCode.NOT_AUTHORIZED));
    }

    @Test
    void aClientWithoutACertificateFailsTheHandshake() {
        assertThatThrownBy(
                        () -> devices.withoutCertificate(TestDevices.clientId()).connect())
                .isNotInstanceOf(Mqtt5ConnAckException.class);
    }

    @Test
    void theThingsPoliciesApplyWhenTheClientIdIsTheAttachedThing() throws Exception {
        String thing = "thing-" + UUID.randomUUID().toString().substring(0, 8);
        Device device = provisioning.registeredDevice("ACTIVE", List.of(thing));

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
        String other = TestDevices.clientId();
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
    void theThingsTypeAndAttributesAreVariablesOfThePoliciesWhenConnectedAsTheThing() throws Exception {
        String thing = "lamp-" + UUID.randomUUID();
        provisioning.describeThing(thing, "lamp", Map.of("site", "north"));
        Device device = TestDevices.device();
        provisioning.register(
                device.certificateId(),
                new TestProvisioning.Registration(
                        "ACTIVE",
                        "",
                        "",
                        device.certificate().notBefore().toEpochMilli(),
                        device.certificate().notAfter().toEpochMilli(),
                        List.of(thing),
                        List.of(
                                """
                        {"Version":"2012-10-17","Statement":[
                          {"Effect":"Allow","Action":"iot:Connect","Resource":"arn:aws:iot:us-east-1:123456789012:client/*",
                           "Condition":{"Bool":{"iot:Connection.Thing.IsAttached":"true"}}},
                          {"Effect":"Allow","Action":"iot:Publish",
                           "Resource":"arn:aws:iot:us-east-1:123456789012:topic/sites/${iot:Connection.Thing.Attributes[site]}/${iot:Connection.Thing.ThingTypeName}/*"},
                          {"Effect":"Allow","Action":"iot:Subscribe",
                           "Resource":"arn:aws:iot:us-east-1:123456789012:topicfilter/sites/${iot:Connection.Thing.Attributes[site]}/*"}]}"""),
                        List.of()));

        Mqtt5BlockingClient asThing = devices.mqtt5(device, thing, new CountDownLatch(1));
        asThing.connect();
        try {
            asThing.publishWith()
                    .topic("sites/north/lamp/state")
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .payload("on".getBytes(StandardCharsets.UTF_8))
                    .send(); // acknowledged: a refusal would throw
            assertThatThrownBy(() -> asThing.publishWith()
                            .topic("sites/north/fan/state")
                            .qos(MqttQos.AT_LEAST_ONCE)
                            .payload("on".getBytes(StandardCharsets.UTF_8))
                            .send())
                    .isInstanceOfSatisfying(Mqtt5PubAckException.class, refused -> assertThat(
                                    refused.getMqttMessage().getReasonCode())
                            .isEqualTo(Mqtt5PubAckReasonCode.NOT_AUTHORIZED));
            asThing.subscribeWith().topicFilter("sites/north/#").send();
            assertThatThrownBy(() ->
                            asThing.subscribeWith().topicFilter("sites/south/#").send())
                    .isInstanceOf(Mqtt5SubAckException.class);
        } finally {
            asThing.disconnect();
        }

        // under another client id the thing is not attached: IsAttached is false, and the CONNECT is refused
        devices.assertNotAuthorized(device);
    }

    @Test
    void aMessageIsNotDeliveredWhereTheSubscriberMayNotReceiveIt() throws Exception {
        String clientId = TestDevices.clientId();
        Device device = provisioning.registeredDevice("ACTIVE", List.of());
        provisioning.register(
                device.certificateId(),
                provisioning
                        .registration(device.certificateId())
                        .withPolicies(
                                List.of(
                                        TestProvisioning.OWN_TOPICS,
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
}

package io.iotdm.devicegateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.iotdm.devicegateway.TestDevices.Device;
import io.iotdm.events.DeviceMessages;
import io.iotdm.events.Event;
import io.iotdm.service.auth.SealedDeviceMessages;
import io.iotdm.testing.KafkaTopicReader;
import io.iotdm.testing.KafkaTopicWriter;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * The device bridge (docs/aws-behaviour.md §9.6) on devstack's Kafka: a device's shadow request that its policy allows
 * is on {@code iotdm.device.inbound}, with the contract's headers, once the device has its PUBACK; what services write
 * on {@code iotdm.device.outbound} reaches the subscribers that may receive it, or the one connection it names.
 */
@QuarkusTest
@QuarkusTestResource(TestProvisioning.Resource.class)
class DeviceBridgeTest {

    /**
     * The client id's own shadow topics; subscriptions under {@code bridge/}, receipt of {@code bridge/all/...} and of
     * {@code bridge/<client id>/...} only.
     */
    private static final String BRIDGE_TOPICS =
            """
            {"Version":"2012-10-17","Statement":[
              {"Effect":"Allow","Action":"iot:Connect","Resource":"arn:aws:iot:us-east-1:123456789012:client/${iot:ClientId}"},
              {"Effect":"Allow","Action":["iot:Publish","iot:Receive"],
               "Resource":"arn:aws:iot:us-east-1:123456789012:topic/$aws/things/${iot:ClientId}/shadow/*"},
              {"Effect":"Allow","Action":"iot:Subscribe","Resource":[
                "arn:aws:iot:us-east-1:123456789012:topicfilter/$aws/things/${iot:ClientId}/shadow/*",
                "arn:aws:iot:us-east-1:123456789012:topicfilter/bridge/*"]},
              {"Effect":"Allow","Action":"iot:Receive","Resource":[
                "arn:aws:iot:us-east-1:123456789012:topic/bridge/all/*",
                "arn:aws:iot:us-east-1:123456789012:topic/bridge/${iot:ClientId}/*"]}]}""";

    @Inject
    TestProvisioning provisioning;

    @Inject
    SealedDeviceMessages seal;

    @Inject
    TestDevices devices;

    @Test
    void anAllowedShadowRequestIsOnTheInboundTopicWhenItsPubackArrives() throws Exception {
        String thing = TestDevices.clientId();
        Device device = devices.allowedBy(BRIDGE_TOPICS);
        Mqtt5BlockingClient client = devices.mqtt5(device, thing, new CountDownLatch(1));
        client.connect();
        String token = devices.sessionToken(device);
        long before = System.currentTimeMillis();
        String update = "{\"state\":{\"reported\":{\"color\":\"red\"}},\"clientToken\":\"t-1\"}";
        try {
            // send() returns with the PUBACK
            client.publishWith()
                    .topic("$aws/things/" + thing + "/shadow/name/settings/update")
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .payload(update.getBytes(StandardCharsets.UTF_8))
                    .send();
        } finally {
            client.disconnect();
        }

        ConsumerRecord<String, String> request = KafkaTopicReader.await(
                        DeviceMessages.INBOUND_TOPIC, record -> thing.equals(record.key()), 1)
                .get(0);
        assertThat(request.value()).isEqualTo(update);
        assertThat(KafkaTopicReader.header(request, Event.MQTT_TOPIC_HEADER))
                .isEqualTo("$aws/things/" + thing + "/shadow/name/settings/update");
        assertThat(KafkaTopicReader.header(request, DeviceMessages.CLIENT_ID_HEADER))
                .isEqualTo(thing);
        assertThat(KafkaTopicReader.header(request, DeviceMessages.CERTIFICATE_ID_HEADER))
                .isEqualTo(device.certificateId());
        assertThat(KafkaTopicReader.header(request, DeviceMessages.SESSION_TOKEN_HEADER))
                .as("the token of the connection that published")
                .isEqualTo(token);
        assertThat(UUID.fromString(KafkaTopicReader.header(request, DeviceMessages.MESSAGE_ID_HEADER)))
                .isNotNull();
        assertThat(Long.parseLong(KafkaTopicReader.header(request, DeviceMessages.RECEIVED_AT_HEADER)))
                .isGreaterThanOrEqualTo(before);
    }

    @Test
    void anOutboundMessageReachesTheSubscribersThatMayReceiveItAndOneForAClientOnlyThatClient() throws Exception {
        String run = UUID.randomUUID().toString();
        String a = TestDevices.clientId();
        String b = TestDevices.clientId();
        Device deviceA = devices.allowedBy(BRIDGE_TOPICS);
        Mqtt5BlockingClient clientA = devices.mqtt5(deviceA, a, new CountDownLatch(1));
        Mqtt5BlockingClient clientB = devices.mqtt5(devices.allowedBy(BRIDGE_TOPICS), b, new CountDownLatch(1));
        clientA.connect();
        clientB.connect();
        try (Mqtt5BlockingClient.Mqtt5Publishes toA = clientA.publishes(MqttGlobalPublishFilter.ALL);
                Mqtt5BlockingClient.Mqtt5Publishes toB = clientB.publishes(MqttGlobalPublishFilter.ALL)) {
            for (Mqtt5BlockingClient client : List.of(clientA, clientB)) {
                client.subscribeWith()
                        .topicFilter("bridge/+/" + run + "/#")
                        .qos(MqttQos.AT_LEAST_ONCE)
                        .send();
            }

            // in this order, on one partition (one key): B's first message shows what it did not get before it
            send("bridge/all/" + run + "/for-a", a, devices.sessionToken(deviceA), "only for A");
            send("bridge/" + a + "/" + run + "/secret", null, null, "A may receive this, B may not");
            send("bridge/all/" + run + "/everyone", null, null, "for everyone");

            assertThat(TestDevices.next(toA, 3).stream().map(TestDevices::text).toList())
                    .containsExactlyInAnyOrder("only for A", "A may receive this, B may not", "for everyone");
            assertThat(TestDevices.next(toB, 1).stream().map(TestDevices::text).toList())
                    .containsExactly("for everyone");
        } finally {
            clientA.disconnect();
            clientB.disconnect();
        }
    }

    @Test
    void aShadowAnswerOnTheOutboundTopicReachesTheThingsSubscription() throws Exception {
        String thing = TestDevices.clientId();
        Mqtt5BlockingClient client = devices.mqtt5(devices.allowedBy(BRIDGE_TOPICS), thing, new CountDownLatch(1));
        client.connect();
        try (Mqtt5BlockingClient.Mqtt5Publishes publishes = client.publishes(MqttGlobalPublishFilter.ALL)) {
            client.subscribeWith()
                    .topicFilter("$aws/things/" + thing + "/shadow/update/delta")
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .send();
            String delta = "{\"state\":{\"color\":\"green\"},\"version\":2,\"timestamp\":1765000000}";
            send("$aws/things/" + thing + "/shadow/update/delta", null, null, delta);

            Optional<Mqtt5Publish> received = publishes.receive(30, TimeUnit.SECONDS);
            assertThat(received).isPresent();
            assertThat(received.get().getTopic().toString()).isEqualTo("$aws/things/" + thing + "/shadow/update/delta");
            assertThat(new String(received.get().getPayloadAsBytes(), StandardCharsets.UTF_8))
                    .isEqualTo(delta);
        } finally {
            client.disconnect();
        }
    }

    @Test
    void aMessageForOneConnectionDoesNotReachAnotherConnectionOfItsClientId() throws Exception {
        String run = UUID.randomUUID().toString();
        String clientId = TestDevices.clientId();
        Device device = devices.allowedBy(BRIDGE_TOPICS);
        Mqtt5BlockingClient older = devices.mqtt5(device, clientId, new CountDownLatch(1));
        older.connect();
        String olderToken = devices.sessionToken(device);
        // the same client id connects again: the broker ends the older connection, the newer one holds the client id
        Mqtt5BlockingClient newer = devices.mqtt5(device, clientId, new CountDownLatch(1));
        newer.connect();
        String newerToken = devices.sessionToken(device);
        assertThat(newerToken).isNotEqualTo(olderToken);
        try (Mqtt5BlockingClient.Mqtt5Publishes publishes = newer.publishes(MqttGlobalPublishFilter.ALL)) {
            newer.subscribeWith()
                    .topicFilter("bridge/+/" + run + "/#")
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .send();

            // in this order, on one partition: the last one arriving first shows the others were not delivered
            send("bridge/all/" + run + "/answer", clientId, olderToken, "for the connection that asked before");
            send("bridge/all/" + run + "/answer", clientId, null, "for no connection in particular");
            send("bridge/all/" + run + "/answer", clientId, newerToken, "for this connection");

            assertThat(TestDevices.next(publishes, 1).stream()
                            .map(TestDevices::text)
                            .toList())
                    .containsExactly("for this connection");
        } finally {
            newer.disconnect();
        }
    }

    @Test
    void aSealedAnswerReachesItsConnectionOpenedAndOneSealedForAnotherConnectionNobody() throws Exception {
        String run = UUID.randomUUID().toString();
        String clientId = TestDevices.clientId();
        Device device = devices.allowedBy(BRIDGE_TOPICS);
        Mqtt5BlockingClient client = devices.mqtt5(device, clientId, new CountDownLatch(1));
        client.connect();
        String token = devices.sessionToken(device);
        String topic = "bridge/all/" + run + "/accepted";
        String answer = "{\"privateKey\":\"-----BEGIN RSA PRIVATE KEY-----\\n" + run + "\"}";
        try (Mqtt5BlockingClient.Mqtt5Publishes publishes = client.publishes(MqttGlobalPublishFilter.ALL)) {
            client.subscribeWith()
                    .topicFilter("bridge/+/" + run + "/#")
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .send();

            // in this order, on one partition: sealed for another connection of the client id, then for this one
            sendSealed(topic, clientId, token, seal.seal("not for this connection", topic, clientId, "another"));
            sendSealed(topic, clientId, token, seal.seal(answer, topic, clientId, token));

            assertThat(TestDevices.next(publishes, 1).stream()
                            .map(TestDevices::text)
                            .toList())
                    .containsExactly(answer);
        } finally {
            client.disconnect();
        }
    }

    /**
     * Writes a message for devices as a service's outbox relay does; key "bridge-test" keeps them in order.
     *
     * @param clientId and {@code token}: the one connection the message is for, or {@code null}
     */
    private static void send(String mqttTopic, String clientId, String token, String payload) {
        send(mqttTopic, clientId, token, payload, Map.of());
    }

    /** As a provisioning answer that carries a private key: sealed for its connection (docs/aws-behaviour.md §6.10). */
    private static void sendSealed(String mqttTopic, String clientId, String token, String sealed) {
        send(
                mqttTopic,
                clientId,
                token,
                "{\"" + DeviceMessages.SEALED_MEMBER + "\":\"" + sealed + "\"}",
                Map.of(DeviceMessages.SEALED_HEADER, SealedDeviceMessages.ALGORITHM));
    }

    private static void send(
            String mqttTopic, String clientId, String token, String payload, Map<String, String> extraHeaders) {
        Map<String, String> headers = new HashMap<>(extraHeaders);
        headers.put(Event.MQTT_TOPIC_HEADER, mqttTopic);
        if (clientId != null) {
            headers.put(DeviceMessages.CLIENT_ID_HEADER, clientId);
        }
        if (token != null) {
            headers.put(DeviceMessages.SESSION_TOKEN_HEADER, token);
        }
        KafkaTopicWriter.publish(
                DeviceMessages.OUTBOUND_TOPIC, "bridge-test", payload.getBytes(StandardCharsets.UTF_8), headers);
    }
}

package io.iotdm.devicegateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import io.iotdm.events.DeviceMessages;
import io.iotdm.events.Event;
import io.iotdm.testing.KafkaTopicReader;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * The reserved topics: a device publishes there only its requests, whatever its policies allow (docs/aws-behaviour.md
 * §9.3), and a request goes to its service alone, never to another device's subscription (§9.6). Every device here
 * may do anything its policy can allow, so what it is refused is refused by the rule, not by a policy.
 */
@QuarkusTest
@QuarkusTestResource(TestProvisioning.Resource.class)
class DeviceReservedTopicsTest {

    private static final String ALLOW_ALL =
            """
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iot:*","Resource":"*"}]}""";

    @Inject
    TestProvisioning provisioning;

    @Inject
    TestDevices devices;

    @Test
    void aDeviceCannotPublishAServiceAnswerAndNoSubscriberReceivesOne() throws Exception {
        String run = UUID.randomUUID().toString();
        String thing = TestDevices.clientId();
        String accepted = "$aws/certificates/create/json/accepted";
        String notifyNext = "$aws/things/" + thing + "/jobs/notify-next";
        Mqtt5BlockingClient subscriber =
                devices.mqtt5(devices.allowedBy(ALLOW_ALL), TestDevices.clientId(), new CountDownLatch(1));
        Mqtt5BlockingClient forger = devices.mqtt5(devices.allowedBy(ALLOW_ALL), thing, new CountDownLatch(1));
        CountDownLatch mqtt3Disconnected = new CountDownLatch(1);
        Mqtt3BlockingClient mqtt3Forger =
                devices.mqtt3(devices.allowedBy(ALLOW_ALL), TestDevices.clientId(), mqtt3Disconnected);
        subscriber.connect();
        forger.connect();
        mqtt3Forger.connect();
        try (Mqtt5BlockingClient.Mqtt5Publishes received = subscriber.publishes(MqttGlobalPublishFilter.ALL)) {
            for (String filter : List.of(accepted, notifyNext, "reserved-test/" + run)) {
                subscriber
                        .subscribeWith()
                        .topicFilter(filter)
                        .qos(MqttQos.AT_LEAST_ONCE)
                        .send();
            }

            for (String answer : List.of(accepted, notifyNext)) {
                assertThatThrownBy(() -> forger.publishWith()
                                .topic(answer)
                                .qos(MqttQos.AT_LEAST_ONCE)
                                .payload("{\"forged\":true}".getBytes(StandardCharsets.UTF_8))
                                .send())
                        .as(answer)
                        .isInstanceOfSatisfying(Mqtt5PubAckException.class, refused -> assertThat(
                                        refused.getMqttMessage().getReasonCode())
                                .isEqualTo(Mqtt5PubAckReasonCode.NOT_AUTHORIZED));
            }
            assertThat(forger.getState().isConnected()).isTrue();
            mqtt3Forger
                    .publishWith()
                    .topic(notifyNext)
                    .qos(MqttQos.AT_MOST_ONCE)
                    .payload("{\"forged\":true}".getBytes(StandardCharsets.UTF_8))
                    .send();
            assertThat(mqtt3Disconnected.await(30, TimeUnit.SECONDS))
                    .as("an MQTT 3.1.1 client is disconnected for a refused publish")
                    .isTrue();

            // sent after the refused ones: it is the first the subscriber gets
            forger.publishWith()
                    .topic("reserved-test/" + run)
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .payload("after".getBytes(StandardCharsets.UTF_8))
                    .send();
            assertThat(TestDevices.next(received).getTopic().toString()).isEqualTo("reserved-test/" + run);
        } finally {
            subscriber.disconnect();
            forger.disconnect();
        }
    }

    @Test
    void aForwardedRequestReachesTheInboundTopicAndNoSubscriber() throws Exception {
        String run = UUID.randomUUID().toString();
        String provision = "$aws/provisioning-templates/template-" + run + "/provision/json";
        String requester = TestDevices.clientId();
        Mqtt5BlockingClient subscriber =
                devices.mqtt5(devices.allowedBy(ALLOW_ALL), TestDevices.clientId(), new CountDownLatch(1));
        Mqtt5BlockingClient device = devices.mqtt5(devices.allowedBy(ALLOW_ALL), requester, new CountDownLatch(1));
        subscriber.connect();
        device.connect();
        String request = "{\"certificateOwnershipToken\":\"token-" + run + "\",\"parameters\":{}}";
        try (Mqtt5BlockingClient.Mqtt5Publishes received = subscriber.publishes(MqttGlobalPublishFilter.ALL)) {
            for (String filter : List.of(provision, "reserved-test/" + run)) {
                subscriber
                        .subscribeWith()
                        .topicFilter(filter)
                        .qos(MqttQos.AT_LEAST_ONCE)
                        .send();
            }
            // send() returns with the PUBACK, a success
            device.publishWith()
                    .topic(provision)
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .payload(request.getBytes(StandardCharsets.UTF_8))
                    .send();
            device.publishWith()
                    .topic("reserved-test/" + run)
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .payload("after".getBytes(StandardCharsets.UTF_8))
                    .send();

            assertThat(TestDevices.next(received).getTopic().toString()).isEqualTo("reserved-test/" + run);
        } finally {
            subscriber.disconnect();
            device.disconnect();
        }
        ConsumerRecord<String, String> forwarded = KafkaTopicReader.await(
                        DeviceMessages.INBOUND_TOPIC, record -> requester.equals(record.key()), 1)
                .get(0);
        assertThat(forwarded.value()).isEqualTo(request);
        assertThat(KafkaTopicReader.header(forwarded, Event.MQTT_TOPIC_HEADER)).isEqualTo(provision);
    }
}

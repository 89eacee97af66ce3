package io.iotdm.devicegateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.google.protobuf.ByteString;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.iotdm.devicegateway.TestDevices.Device;
import io.iotdm.events.DeviceMessages;
import io.iotdm.events.Event;
import io.iotdm.events.MqttMessages;
import io.iotdm.grpc.registry.v1.RetainedMessage;
import io.iotdm.testing.KafkaTopicReader;
import io.iotdm.testing.KafkaTopicWriter;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * Device-to-device messages (docs/aws-behaviour.md §9.7) on devstack's Kafka: a device's publish is on {@value
 * MqttMessages#TOPIC} once it has its PUBACK and reaches the subscribers from there, once each; a message another
 * instance or iot-data's Publish wrote there reaches this instance's subscribers, with its MQTT 5 properties; a new
 * subscription receives the retained messages that the registry's store answers for its filter; a jobs answer reaches
 * the connection that asked without its subscription.
 */
@QuarkusTest
@QuarkusTestResource(TestProvisioning.Resource.class)
class DeviceMessagesTest {

    private static final JsonMapper JSON = new JsonMapper();

    /** Publish, receive and subscribe under {@code messages/}. */
    private static final String MESSAGES =
            """
            {"Version":"2012-10-17","Statement":[
              {"Effect":"Allow","Action":"iot:Connect","Resource":"arn:aws:iot:us-east-1:123456789012:client/${iot:ClientId}"},
              {"Effect":"Allow","Action":["iot:Publish","iot:RetainPublish","iot:Receive"],
               "Resource":"arn:aws:iot:us-east-1:123456789012:topic/messages/*"},
              {"Effect":"Allow","Action":"iot:Receive",
               "Resource":"arn:aws:iot:us-east-1:123456789012:topic/$aws/things/${iot:ClientId}/jobs/*"},
              {"Effect":"Allow","Action":"iot:Subscribe",
               "Resource":"arn:aws:iot:us-east-1:123456789012:topicfilter/messages/*"}]}""";

    @Inject
    TestProvisioning provisioning;

    @Inject
    TestRegistry registry;

    @Inject
    TestDevices devices;

    @Test
    void aDevicesMessageIsOnKafkaWithItsPubackAndReachesTheOtherDeviceOnce() throws Exception {
        String topic = "messages/" + UUID.randomUUID() + "/temperature";
        String publisherId = TestDevices.clientId();
        Mqtt5BlockingClient publisher = devices.mqtt5(devices.allowedBy(MESSAGES), publisherId, new CountDownLatch(1));
        Mqtt5BlockingClient subscriber =
                devices.mqtt5(devices.allowedBy(MESSAGES), TestDevices.clientId(), new CountDownLatch(1));
        publisher.connect();
        subscriber.connect();
        long before = System.currentTimeMillis();
        try (Mqtt5BlockingClient.Mqtt5Publishes received = subscriber.publishes(MqttGlobalPublishFilter.ALL)) {
            subscriber
                    .subscribeWith()
                    .topicFilter(topic)
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .send();
            // send() returns with the PUBACK
            publisher
                    .publishWith()
                    .topic(topic)
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .retain(true)
                    .contentType("text/plain")
                    .userProperties()
                    .add("unit", "celsius")
                    .applyUserProperties()
                    .payload("21.5".getBytes(StandardCharsets.UTF_8))
                    .send();
            ConsumerRecord<String, String> record = KafkaTopicReader.await(
                            MqttMessages.TOPIC, published -> topic.equals(published.key()), 1)
                    .get(0);
            JsonNode envelope = JSON.readTree(record.value());
            assertThat(envelope.get("topic").asText()).isEqualTo(topic);
            assertThat(Base64.getDecoder().decode(envelope.get("payload").asText()))
                    .asString(StandardCharsets.UTF_8)
                    .isEqualTo("21.5");
            assertThat(envelope.get("qos").asInt()).isEqualTo(1);
            assertThat(envelope.get("retain").asBoolean()).isTrue();
            assertThat(envelope.get("contentType").asText()).isEqualTo("text/plain");
            assertThat(envelope.get("userProperties")).isEqualTo(JSON.readTree("[{\"unit\":\"celsius\"}]"));
            assertThat(KafkaTopicReader.header(record, Event.MQTT_TOPIC_HEADER)).isEqualTo(topic);
            assertThat(KafkaTopicReader.header(record, DeviceMessages.CLIENT_ID_HEADER))
                    .isEqualTo(publisherId);
            assertThat(UUID.fromString(KafkaTopicReader.header(record, DeviceMessages.MESSAGE_ID_HEADER)))
                    .isNotNull();
            assertThat(Long.parseLong(KafkaTopicReader.header(record, DeviceMessages.RECEIVED_AT_HEADER)))
                    .isGreaterThanOrEqualTo(before);

            Mqtt5Publish first = TestDevices.next(received);
            assertThat(first.getPayloadAsBytes())
                    .asString(StandardCharsets.UTF_8)
                    .isEqualTo("21.5");
            assertThat(first.getContentType().map(Object::toString)).contains("text/plain");
            // a second message after the first: had the broker routed the first itself as well, it would come twice
            publisher
                    .publishWith()
                    .topic(topic)
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .payload("22.0".getBytes(StandardCharsets.UTF_8))
                    .send();
            assertThat(TestDevices.next(received).getPayloadAsBytes())
                    .asString(StandardCharsets.UTF_8)
                    .isEqualTo("22.0");
        } finally {
            publisher.disconnect();
            subscriber.disconnect();
        }
    }

    @Test
    void aMessageFromAnotherInstanceOrFromIotDataReachesTheSubscribersHere() throws Exception {
        String run = UUID.randomUUID().toString();
        Mqtt5BlockingClient subscriber =
                devices.mqtt5(devices.allowedBy(MESSAGES), TestDevices.clientId(), new CountDownLatch(1));
        subscriber.connect();
        try (Mqtt5BlockingClient.Mqtt5Publishes received = subscriber.publishes(MqttGlobalPublishFilter.ALL)) {
            subscriber
                    .subscribeWith()
                    .topicFilter("messages/" + run + "/#")
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .send();
            ArrayNode userProperties = JsonNodeFactory.instance.arrayNode();
            userProperties.addObject().put("deviceName", "alpha");
            String correlation = Base64.getEncoder().encodeToString("request-1".getBytes(StandardCharsets.UTF_8));
            // as iot-data's Publish writes it: no client id
            MqttMessages.Message message = new MqttMessages.Message(
                    "messages/" + run + "/command",
                    "{\"on\":true}".getBytes(StandardCharsets.UTF_8),
                    1,
                    false,
                    userProperties,
                    "application/json",
                    "messages/" + run + "/replies",
                    60L,
                    correlation,
                    "UTF8_DATA");
            KafkaTopicWriter.publish(
                    MqttMessages.TOPIC,
                    message.topic(),
                    message.bytes(),
                    Map.of(Event.MQTT_TOPIC_HEADER, message.topic()));

            Mqtt5Publish delivered = TestDevices.next(received);
            assertThat(delivered.getTopic().toString()).isEqualTo(message.topic());
            assertThat(delivered.getPayloadAsBytes())
                    .asString(StandardCharsets.UTF_8)
                    .isEqualTo("{\"on\":true}");
            assertThat(delivered.getQos()).isEqualTo(MqttQos.AT_LEAST_ONCE);
            assertThat(delivered.getContentType().map(Object::toString)).contains("application/json");
            assertThat(delivered.getResponseTopic().map(Object::toString)).contains("messages/" + run + "/replies");
            assertThat(delivered
                            .getCorrelationData()
                            .map(data -> StandardCharsets.UTF_8.decode(data).toString()))
                    .contains("request-1");
            assertThat(delivered.getUserProperties().asList()).singleElement().satisfies(property -> {
                assertThat(property.getName().toString()).isEqualTo("deviceName");
                assertThat(property.getValue().toString()).isEqualTo("alpha");
            });
        } finally {
            subscriber.disconnect();
        }
    }

    @Test
    void aNewSubscriptionReceivesTheRetainedMessagesOfTheSharedStore() throws Exception {
        String filter = "messages/" + UUID.randomUUID() + "/+/state";
        String topic = filter.replace("+", "lamp");
        registry.retain(
                filter,
                List.of(RetainedMessage.newBuilder()
                        .setTopic(topic)
                        .setPayload(ByteString.copyFromUtf8("on"))
                        .setQos(1)
                        .setUserProperties("[{\"room\":\"hall\"}]")
                        .build()));
        Mqtt5BlockingClient subscriber =
                devices.mqtt5(devices.allowedBy(MESSAGES), TestDevices.clientId(), new CountDownLatch(1));
        subscriber.connect();
        try (Mqtt5BlockingClient.Mqtt5Publishes received = subscriber.publishes(MqttGlobalPublishFilter.ALL)) {
            subscriber
                    .subscribeWith()
                    .topicFilter(filter)
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .send();

            Mqtt5Publish retained = TestDevices.next(received);
            assertThat(retained.getTopic().toString()).isEqualTo(topic);
            assertThat(retained.getPayloadAsBytes())
                    .asString(StandardCharsets.UTF_8)
                    .isEqualTo("on");
            assertThat(retained.getUserProperties().asList()).singleElement().satisfies(property -> assertThat(
                            property.getValue().toString())
                    .isEqualTo("hall"));
        } finally {
            subscriber.disconnect();
        }
    }

    @Test
    void aJobsAnswerReachesTheRequestingConnectionWithoutItsSubscription() throws Exception {
        String thing = TestDevices.clientId();
        Device device = devices.allowedBy(MESSAGES);
        Mqtt5BlockingClient client = devices.mqtt5(device, thing, new CountDownLatch(1));
        client.connect();
        String token = devices.sessionToken(device);
        String topic = "$aws/things/" + thing + "/jobs/get/accepted";
        try (Mqtt5BlockingClient.Mqtt5Publishes received = client.publishes(MqttGlobalPublishFilter.ALL)) {
            // as the jobs-service answers: to the connection that asked (§5.3)
            KafkaTopicWriter.publish(
                    DeviceMessages.OUTBOUND_TOPIC,
                    thing,
                    "{\"clientToken\":\"c1\"}".getBytes(StandardCharsets.UTF_8),
                    Map.of(
                            Event.MQTT_TOPIC_HEADER, topic,
                            DeviceMessages.CLIENT_ID_HEADER, thing,
                            DeviceMessages.SESSION_TOKEN_HEADER, token));

            Mqtt5Publish answer = TestDevices.next(received);
            assertThat(answer.getTopic().toString()).isEqualTo(topic);
            assertThat(answer.getPayloadAsBytes())
                    .asString(StandardCharsets.UTF_8)
                    .isEqualTo("{\"clientToken\":\"c1\"}");
        } finally {
            client.disconnect();
        }
    }
}

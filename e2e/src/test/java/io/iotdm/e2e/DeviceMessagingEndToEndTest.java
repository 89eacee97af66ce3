package io.iotdm.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.iotdm.devstack.StackAddresses;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.CreateKeysAndCertificateResponse;

/**
 * Messages between devices and from iot-data's Publish, and retained messages (docs/aws-behaviour.md §9.7), through
 * the whole suite: two devices with certificates and a policy made through the api-gateway; one's publish and an HTTP
 * Publish reach the other's subscription; a device's retained message is visible to GetRetainedMessage and reaches a
 * new subscription.
 */
class DeviceMessagingEndToEndTest {

    private static final JsonMapper JSON = new JsonMapper();

    private final IotClient iot = Suite.iot();

    @Test
    void twoDevicesAnHttpPublishAndARetainedMessage() throws Exception {
        StackAddresses stack = Suite.addresses();
        String run = "e2e-messages-" + UUID.randomUUID().toString().substring(0, 8);
        String policy = run + "-policy";
        iot.createPolicy(request -> request.policyName(policy)
                .policyDocument(
                        """
                        {"Version":"2012-10-17","Statement":[
                          {"Effect":"Allow","Action":"iot:Connect","Resource":"arn:aws:iot:us-east-1:123456789012:client/*"},
                          {"Effect":"Allow","Action":["iot:Publish","iot:RetainPublish","iot:Receive"],
                           "Resource":"arn:aws:iot:us-east-1:123456789012:topic/%s/*"},
                          {"Effect":"Allow","Action":"iot:Subscribe",
                           "Resource":"arn:aws:iot:us-east-1:123456789012:topicfilter/%s/*"}]}"""
                                .formatted(run, run)));
        Mqtt5BlockingClient sender = device(stack, policy, run + "-sender");
        Mqtt5BlockingClient receiver = device(stack, policy, run + "-receiver");
        try (Mqtt5BlockingClient.Mqtt5Publishes toReceiver = receiver.publishes(MqttGlobalPublishFilter.ALL);
                Mqtt5BlockingClient.Mqtt5Publishes toSender = sender.publishes(MqttGlobalPublishFilter.ALL)) {
            receiver.subscribeWith()
                    .topicFilter(run + "/live/#")
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .send();

            sender.publishWith()
                    .topic(run + "/live/temperature")
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .payload("21.5".getBytes(StandardCharsets.UTF_8))
                    .send();
            assertThat(payload(toReceiver)).isEqualTo("21.5");

            HttpResponse<String> published =
                    IotDataHttp.send("POST", "/topics/" + encode(run + "/live/command") + "?qos=1", "{\"on\":true}");
            assertThat(published.statusCode()).as(published.body()).isEqualTo(200);
            assertThat(payload(toReceiver)).isEqualTo("{\"on\":true}");

            sender.publishWith()
                    .topic(run + "/state")
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .retain(true)
                    .payload("on".getBytes(StandardCharsets.UTF_8))
                    .send();
            HttpResponse<String> retained = Eventually.await(
                    () -> IotDataHttp.send("GET", "/retainedMessage/" + encode(run + "/state"), null),
                    response -> response.statusCode() == 200);
            JsonNode message = JSON.readTree(retained.body());
            assertThat(message.get("topic").asText()).isEqualTo(run + "/state");
            assertThat(Base64.getDecoder().decode(message.get("payload").asText()))
                    .asString(StandardCharsets.UTF_8)
                    .isEqualTo("on");

            // a subscription made after the message was published receives it from the shared store
            sender.subscribeWith()
                    .topicFilter(run + "/+")
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .send();
            Optional<Mqtt5Publish> delivered = toSender.receive(60, TimeUnit.SECONDS);
            assertThat(delivered).isPresent();
            assertThat(delivered.get().getTopic().toString()).isEqualTo(run + "/state");
            assertThat(delivered.get().getPayloadAsBytes())
                    .asString(StandardCharsets.UTF_8)
                    .isEqualTo("on");
        } finally {
            sender.disconnect();
            receiver.disconnect();
        }
    }

    private Mqtt5BlockingClient device(StackAddresses stack, String policy, String clientId) throws Exception {
        CreateKeysAndCertificateResponse created = iot.createKeysAndCertificate(request -> request.setAsActive(true));
        iot.attachPolicy(request -> request.policyName(policy).target(created.certificateArn()));
        Mqtt5BlockingClient device = MqttDevices.device(stack, created, clientId, new CountDownLatch(1));
        device.connect();
        return device;
    }

    private static String payload(Mqtt5BlockingClient.Mqtt5Publishes publishes) throws InterruptedException {
        Optional<Mqtt5Publish> received = publishes.receive(60, TimeUnit.SECONDS);
        assertThat(received).isPresent();
        return new String(received.get().getPayloadAsBytes(), StandardCharsets.UTF_8);
    }

    private static String encode(String topic) {
        return URLEncoder.encode(topic, StandardCharsets.UTF_8);
    }
}

package io.iotdm.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.iotdm.devstack.StackAddresses;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.CertificateStatus;
import software.amazon.awssdk.services.iot.model.CreateKeysAndCertificateResponse;

/**
 * A device's whole path through the suite: its certificate and policy made with the AWS SDK for Java v2 through the
 * api-gateway, then MQTT over mutual TLS to the device gateway with the returned PEMs (HiveMQ MQTT client), and the
 * session ended when the certificate is made INACTIVE (docs/aws-behaviour.md §9).
 */
class DeviceGatewayEndToEndTest {

    private static final String OWN_TOPICS =
            """
            {"Version":"2012-10-17","Statement":[
              {"Effect":"Allow","Action":"iot:Connect","Resource":"arn:aws:iot:us-east-1:123456789012:client/${iot:ClientId}"},
              {"Effect":"Allow","Action":["iot:Publish","iot:Receive"],
               "Resource":"arn:aws:iot:us-east-1:123456789012:topic/sensors/${iot:ClientId}/*"},
              {"Effect":"Allow","Action":"iot:Subscribe",
               "Resource":"arn:aws:iot:us-east-1:123456789012:topicfilter/sensors/${iot:ClientId}/*"}]}""";

    private final IotClient iot = Suite.iot();

    @Test
    void aCertificateOfTheApiConnectsPublishesAndLosesItsSessionWhenDeactivated() throws Exception {
        StackAddresses stack = Suite.addresses();
        CreateKeysAndCertificateResponse created = iot.createKeysAndCertificate(request -> request.setAsActive(true));
        String policy = "e2e-mqtt-" + UUID.randomUUID().toString().substring(0, 8);
        iot.createPolicy(request -> request.policyName(policy).policyDocument(OWN_TOPICS));
        iot.attachPolicy(request -> request.policyName(policy).target(created.certificateArn()));

        String clientId = "sensor-" + UUID.randomUUID().toString().substring(0, 8);
        CountDownLatch disconnected = new CountDownLatch(1);
        Mqtt5BlockingClient device = MqttDevices.device(stack, created, clientId, disconnected);
        device.connect();
        try (Mqtt5BlockingClient.Mqtt5Publishes publishes = device.publishes(MqttGlobalPublishFilter.ALL)) {
            device.subscribeWith()
                    .topicFilter("sensors/" + clientId + "/#")
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .send();
            device.publishWith()
                    .topic("sensors/" + clientId + "/temperature")
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .payload("21.5".getBytes(StandardCharsets.UTF_8))
                    .send();
            Optional<Mqtt5Publish> received = publishes.receive(30, TimeUnit.SECONDS);
            assertThat(received).isPresent();
            assertThat(new String(received.get().getPayloadAsBytes(), StandardCharsets.UTF_8))
                    .isEqualTo("21.5");
        }

        iot.updateCertificate(
                request -> request.certificateId(created.certificateId()).newStatus(CertificateStatus.INACTIVE));
        assertThat(disconnected.await(60, TimeUnit.SECONDS))
                .as("the session of a certificate made INACTIVE ends")
                .isTrue();
        assertThatThrownBy(() -> MqttDevices.device(stack, created, clientId, new CountDownLatch(1))
                        .connect())
                .isInstanceOfSatisfying(Mqtt5ConnAckException.class, refused -> assertThat(
                                refused.getMqttMessage().getReasonCode())
                        .isEqualTo(Mqtt5ConnAckReasonCode.NOT_AUTHORIZED));
    }
}

package io.iotdm.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttClientSslConfig;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.iotdm.devstack.StackAddresses;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.CertificateStatus;
import software.amazon.awssdk.services.iot.model.CreateProvisioningClaimResponse;

/**
 * Fleet provisioning by trusted user over MQTT (docs/aws-behaviour.md §6.10), as the AWS IoT Device SDK samples run it:
 * a claim from CreateProvisioningClaim, a connection with it to the device gateway, {@code $aws/certificates/create/json}
 * and {@code $aws/provisioning-templates/<name>/provision/json} answered on the same connection, and the device's
 * new certificate connecting on its own. Needs the device gateway's side of the bridge (branch h-bridge).
 */
class FleetProvisioningMqttEndToEndTest {

    private static final JsonMapper JSON = new JsonMapper();

    private final IotClient iot = Suite.iot();

    @Test
    void aDeviceWithATrustedUsersClaimGetsItsOwnCertificateAndThing() throws Exception {
        StackAddresses stack = Suite.addresses();
        String template = "e2e-fleet-" + UUID.randomUUID().toString().substring(0, 8);
        String policy = template + "-device";
        iot.createPolicy(
                request -> request.policyName(policy)
                        .policyDocument(
                                """
                        {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iot:Connect","Resource":"*"}]}"""));
        iot.createProvisioningTemplate(request -> request.templateName(template)
                .templateBody(
                        """
                        {"Parameters":{"SerialNumber":{"Type":"String"},"AWS::IoT::Certificate::Id":{"Type":"String"}},
                         "Resources":{
                           "thing":{"Type":"AWS::IoT::Thing","Properties":{"ThingName":{"Ref":"SerialNumber"}}},
                           "certificate":{"Type":"AWS::IoT::Certificate",
                             "Properties":{"CertificateId":{"Ref":"AWS::IoT::Certificate::Id"},"Status":"ACTIVE"}},
                           "policy":{"Type":"AWS::IoT::Policy","Properties":{"PolicyName":"%s"}}},
                         "DeviceConfiguration":{"site":"e2e"}}"""
                                .formatted(policy))
                .provisioningRoleArn("arn:aws:iam::123456789012:role/" + template)
                .enabled(true));
        CreateProvisioningClaimResponse claim = iot.createProvisioningClaim(request -> request.templateName(template));
        String serial = "e2e-device-" + UUID.randomUUID().toString().substring(0, 8);

        Mqtt5BlockingClient claimed = device(
                stack,
                serial,
                DeviceKeys.privateKey(claim.keyPair().privateKey()),
                DeviceKeys.certificate(claim.certificatePem()));
        claimed.connect();
        JsonNode created;
        JsonNode provisioned;
        try (Mqtt5BlockingClient.Mqtt5Publishes publishes = claimed.publishes(MqttGlobalPublishFilter.ALL)) {
            claimed.subscribeWith()
                    .topicFilter("$aws/certificates/create/json/+")
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .send();
            claimed.subscribeWith()
                    .topicFilter("$aws/provisioning-templates/" + template + "/provision/json/+")
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .send();
            claimed.publishWith()
                    .topic("$aws/certificates/create/json")
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .send();
            created = answer(publishes, "$aws/certificates/create/json/accepted");
            claimed.publishWith()
                    .topic("$aws/provisioning-templates/" + template + "/provision/json")
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .payload(JSON.createObjectNode()
                            .put(
                                    "certificateOwnershipToken",
                                    created.path("certificateOwnershipToken").asText())
                            .set("parameters", JSON.createObjectNode().put("SerialNumber", serial))
                            .toString()
                            .getBytes(StandardCharsets.UTF_8))
                    .send();
            provisioned = answer(publishes, "$aws/provisioning-templates/" + template + "/provision/json/accepted");
        } finally {
            claimed.disconnect();
        }

        assertThat(provisioned.path("thingName").asText()).isEqualTo(serial);
        assertThat(provisioned.path("deviceConfiguration").path("site").asText())
                .isEqualTo("e2e");
        String certificateId = created.path("certificateId").asText();
        assertThat(iot.describeCertificate(request -> request.certificateId(certificateId))
                        .certificateDescription()
                        .status())
                .isEqualTo(CertificateStatus.ACTIVE);
        assertThat(iot.listThingPrincipals(request -> request.thingName(serial)).principals())
                .containsExactly("arn:aws:iot:us-east-1:123456789012:cert/" + certificateId);

        Mqtt5BlockingClient device = device(
                stack,
                serial,
                DeviceKeys.privateKey(created.path("privateKey").asText()),
                DeviceKeys.certificate(created.path("certificatePem").asText()));
        device.connect();
        device.disconnect();
    }

    /** The next message on {@code topic}; a message on another topic (a rejection) fails the test with its payload. */
    private static JsonNode answer(Mqtt5BlockingClient.Mqtt5Publishes publishes, String topic) throws Exception {
        Optional<Mqtt5Publish> received = publishes.receive(30, TimeUnit.SECONDS);
        assertThat(received).as("an answer on " + topic).isPresent();
        String payload = new String(received.get().getPayloadAsBytes(), StandardCharsets.UTF_8);
        assertThat(received.get().getTopic().toString()).as(payload).isEqualTo(topic);
        return JSON.readTree(payload);
    }

    /** An MQTT 5 client with this key and certificate, trusting the gateway's CA. */
    private static Mqtt5BlockingClient device(
            StackAddresses stack, String clientId, PrivateKey key, java.security.cert.X509Certificate certificate)
            throws Exception {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        try (InputStream in = Files.newInputStream(Path.of(stack.get(StackAddresses.MQTT_CA_FILE)))) {
            trusted.setCertificateEntry(
                    "gateway-ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance("PKIX");
        trust.init(trusted);
        KeyStore own = KeyStore.getInstance("PKCS12");
        own.load(null, null);
        own.setKeyEntry("device", key, new char[0], new Certificate[] {certificate});
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(own, new char[0]);
        String[] endpoint = stack.get(StackAddresses.MQTT_ENDPOINT).split(":");
        return MqttClient.builder()
                .useMqttVersion5()
                .identifier(clientId)
                .serverHost(endpoint[0])
                .serverPort(Integer.parseInt(endpoint[1]))
                .sslConfig(MqttClientSslConfig.builder()
                        .keyManagerFactory(keys)
                        .trustManagerFactory(trust)
                        .build())
                .buildBlocking();
    }
}

package io.iotdm.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import io.iotdm.devstack.StackAddresses;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
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

        Mqtt5BlockingClient claimed = MqttDevices.device(
                stack,
                serial,
                DeviceKeys.privateKey(claim.keyPair().privateKey()),
                DeviceKeys.certificate(claim.certificatePem()),
                null);
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
            created = MqttDevices.answer(publishes, "$aws/certificates/create/json/accepted");
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
            provisioned = MqttDevices.answer(
                    publishes, "$aws/provisioning-templates/" + template + "/provision/json/accepted");
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

        Mqtt5BlockingClient device = MqttDevices.device(
                stack,
                serial,
                DeviceKeys.privateKey(created.path("privateKey").asText()),
                DeviceKeys.certificate(created.path("certificatePem").asText()),
                null);
        device.connect();
        device.disconnect();
    }
}

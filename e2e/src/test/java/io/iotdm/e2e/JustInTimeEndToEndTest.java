package io.iotdm.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import io.iotdm.devstack.StackAddresses;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.UUID;
import javax.security.auth.x500.X500Principal;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.CertificateStatus;
import software.amazon.awssdk.services.iot.model.TemplateType;

/**
 * Just-in-time registration and provisioning through the whole suite (docs/aws-behaviour.md §6.3): a CA of the test's
 * own registered with RegisterCACertificate and auto-registration, a device certificate it signed, and the device's
 * MQTT connections to the device gateway. JITR: the first connection is refused, the registered event reaches Kafka,
 * the handler's UpdateCertificate lets the next one in. JITP: the first connection succeeds with the template's thing and policy.
 */
class JustInTimeEndToEndTest {

    private static final String CONNECT_AS_ITSELF =
            """
            {"Version":"2012-10-17","Statement":[
              {"Effect":"Allow","Action":"iot:Connect","Resource":"arn:aws:iot:us-east-1:123456789012:client/${iot:ClientId}"}]}""";

    /** AWS's JITP example, short: the thing named by the subject's CN, a policy, the certificate ACTIVE. */
    private static final String JITP_TEMPLATE =
            """
            {"Parameters": {"AWS::IoT::Certificate::CommonName": {"Type": "String"},
                            "AWS::IoT::Certificate::Id": {"Type": "String"}},
             "Resources": {
               "thing": {"Type": "AWS::IoT::Thing",
                 "Properties": {"ThingName": {"Ref": "AWS::IoT::Certificate::CommonName"},
                                "AttributePayload": {"country": {"Ref": "AWS::IoT::Certificate::Country"}}}},
               "certificate": {"Type": "AWS::IoT::Certificate",
                 "Properties": {"CertificateId": {"Ref": "AWS::IoT::Certificate::Id"}, "Status": "ACTIVE"}},
               "policy": {"Type": "AWS::IoT::Policy",
                 "Properties": {"PolicyDocument": "{\\"Version\\":\\"2012-10-17\\",\\"Statement\\":[{\\"Effect\\":\\"Allow\\",\\"Action\\":\\"iot:Connect\\",\\"Resource\\":\\"*\\"}]}"}}}}""";

    private final IotClient iot = Suite.iot();

    @Test
    void jitrRefusesTheFirstConnectionAnnouncesTheCertificateAndLetsItInOnceActivated() throws Exception {
        StackAddresses stack = Suite.addresses();
        BouncyCastleCa ca = BouncyCastleCa.create(unique("jitr-ca"));
        String caId = register(ca, null);
        KeyPair keys = DeviceKeys.ecP256();
        String clientId = unique("jitr-device");
        X509Certificate certificate = ca.sign(new X500Principal("CN=" + clientId), keys.getPublic());
        String certificateId = DeviceKeys.certificateId(certificate);

        assertThatThrownBy(() -> MqttDevices.device(stack, clientId, keys.getPrivate(), certificate, null)
                        .connect())
                .isInstanceOfSatisfying(Mqtt5ConnAckException.class, refused -> assertThat(
                                refused.getMqttMessage().getReasonCode())
                        .isEqualTo(Mqtt5ConnAckReasonCode.NOT_AUTHORIZED));

        JsonNode event = SuiteEvents.eventsFor("aws.events.certificates", certificateId, 1)
                .getFirst();
        assertThat(event.get("certificateId").asText()).isEqualTo(certificateId);
        assertThat(event.get("caCertificateId").asText()).isEqualTo(caId);
        assertThat(event.get("certificateStatus").asText()).isEqualTo("PENDING_ACTIVATION");
        assertThat(event.get("awsAccountId").asText()).isEqualTo("123456789012");
        assertThat(event.has("timestamp")).isTrue();
        assertThat(event.has("certificateRegistrationTimestamp")).isTrue();
        var description = iot.describeCertificate(request -> request.certificateId(certificateId))
                .certificateDescription();
        assertThat(description.status()).isEqualTo(CertificateStatus.PENDING_ACTIVATION);
        assertThat(description.caCertificateId()).isEqualTo(caId);

        // the account's handler: a policy, then ACTIVE
        String policy = unique("jitr-policy");
        iot.createPolicy(request -> request.policyName(policy).policyDocument(CONNECT_AS_ITSELF));
        iot.attachPolicy(request -> request.policyName(policy).target(description.certificateArn()));
        iot.updateCertificate(request -> request.certificateId(certificateId).newStatus(CertificateStatus.ACTIVE));

        Mqtt5BlockingClient device = MqttDevices.device(stack, clientId, keys.getPrivate(), certificate, null);
        assertThat(device.connect().getReasonCode()).isEqualTo(Mqtt5ConnAckReasonCode.SUCCESS);
        device.disconnect();
    }

    @Test
    void jitpConnectsAtTheFirstAttemptWithTheTemplatesThingAndPolicy() throws Exception {
        StackAddresses stack = Suite.addresses();
        String template = unique("jitp");
        iot.createProvisioningTemplate(request -> request.templateName(template)
                .type(TemplateType.JITP)
                .enabled(true)
                .provisioningRoleArn("arn:aws:iam::123456789012:role/JITP")
                .templateBody(JITP_TEMPLATE));
        BouncyCastleCa ca = BouncyCastleCa.create(unique("jitp-ca"));
        register(ca, template);
        KeyPair keys = DeviceKeys.ecP256();
        String thing = unique("jitp-lamp");
        X509Certificate certificate = ca.sign(new X500Principal("CN=" + thing + ", C=DE"), keys.getPublic());
        String certificateId = DeviceKeys.certificateId(certificate);

        Mqtt5BlockingClient device = MqttDevices.device(stack, thing, keys.getPrivate(), certificate, null);
        assertThat(device.connect().getReasonCode()).isEqualTo(Mqtt5ConnAckReasonCode.SUCCESS);
        device.disconnect();

        var description = iot.describeCertificate(request -> request.certificateId(certificateId))
                .certificateDescription();
        assertThat(description.status()).isEqualTo(CertificateStatus.ACTIVE);
        assertThat(iot.describeThing(request -> request.thingName(thing)).attributes())
                .containsEntry("country", "DE");
        assertThat(iot.listThingPrincipals(request -> request.thingName(thing)).principals())
                .containsExactly(description.certificateArn());
        assertThat(iot.listAttachedPolicies(request -> request.target(description.certificateArn()))
                        .policies())
                .hasSize(1);
    }

    /** RegisterCACertificate, ACTIVE, auto-registering, with the JITP template when one is named; @return its id */
    private String register(BouncyCastleCa ca, String jitpTemplate) {
        String code = iot.getRegistrationCode(request -> {}).registrationCode();
        return iot.registerCACertificate(request -> {
                    request.caCertificate(ca.certificatePem())
                            .verificationCertificate(ca.sign(code))
                            .setAsActive(true)
                            .allowAutoRegistration(true);
                    if (jitpTemplate != null) {
                        request.registrationConfig(config ->
                                config.templateName(jitpTemplate).roleArn("arn:aws:iam::123456789012:role/JITP"));
                    }
                })
                .certificateId();
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}

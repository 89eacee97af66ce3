package io.iotdm.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The provisioning flows of AWS's docs walked with the AWS CLI unchanged (issue 14's "Done when"); skipped when
 * {@code aws} is not on PATH.
 */
class ProvisioningCliEndToEndTest {

    private static final String POLICY =
            """
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iot:Connect","Resource":"*"}]}""";

    /** create-keys-and-certificate → create-policy → attach-policy → create-thing → attach-thing-principal. */
    @Test
    void keysACertificateAPolicyAndAThing() {
        assumeThat(AwsCli.onPath()).as("aws on PATH").isTrue();
        String name = "e2e-cli-" + UUID.randomUUID().toString().substring(0, 8);
        JsonNode created = AwsCli.run("iot", "create-keys-and-certificate", "--set-as-active");
        String certificateArn = created.path("certificateArn").asText();
        X509Certificate certificate =
                DeviceKeys.certificate(created.path("certificatePem").asText());
        assertThat(created.path("certificateId").asText()).isEqualTo(DeviceKeys.certificateId(certificate));
        assertThat(DeviceKeys.signsFor(
                        DeviceKeys.privateKey(
                                created.path("keyPair").path("PrivateKey").asText()),
                        certificate))
                .isTrue();

        AwsCli.run("iot", "create-policy", "--policy-name", name, "--policy-document", POLICY);
        AwsCli.run("iot", "attach-policy", "--policy-name", name, "--target", certificateArn);
        AwsCli.run("iot", "create-thing", "--thing-name", name);
        AwsCli.run("iot", "attach-thing-principal", "--thing-name", name, "--principal", certificateArn);

        assertThat(AwsCli.run("iot", "list-attached-policies", "--target", certificateArn)
                        .path("policies")
                        .findValuesAsText("policyName"))
                .containsExactly(name);
        assertThat(AwsCli.run("iot", "list-thing-principals", "--thing-name", name)
                        .path("principals"))
                .extracting(JsonNode::asText)
                .containsExactly(certificateArn);
        assertThat(AwsCli.run("iot", "list-principal-things", "--principal", certificateArn)
                        .path("things"))
                .extracting(JsonNode::asText)
                .containsExactly(name);
    }

    /**
     * get-registration-code → register-ca-certificate with an openssl-made verification certificate → register-certificate
     * of a device certificate that CA signed, as AWS's "Register your CA certificate" page walks it.
     */
    @Test
    void aCaRegisteredWithAnOpensslVerificationCertificate(@TempDir Path dir) {
        assumeThat(AwsCli.onPath()).as("aws on PATH").isTrue();
        assumeThat(OpensslCa.available()).as("/usr/bin/openssl").isTrue();
        OpensslCa ca = OpensslCa.create(
                dir, "e2e-cli-ca-" + UUID.randomUUID().toString().substring(0, 8));
        String code = AwsCli.run("iot", "get-registration-code")
                .path("registrationCode")
                .asText();
        String caId = AwsCli.run(
                        "iot",
                        "register-ca-certificate",
                        "--ca-certificate",
                        ca.certificatePem(),
                        "--verification-certificate",
                        ca.sign(code),
                        "--set-as-active")
                .path("certificateId")
                .asText();

        String devicePem = ca.sign("e2e-cli-device");
        String deviceId = AwsCli.run(
                        "iot",
                        "register-certificate",
                        "--certificate-pem",
                        devicePem,
                        "--ca-certificate-pem",
                        ca.certificatePem(),
                        "--set-as-active")
                .path("certificateId")
                .asText();
        assertThat(deviceId).isEqualTo(DeviceKeys.certificateId(DeviceKeys.certificate(devicePem)));
        assertThat(AwsCli.run("iot", "list-certificates-by-ca", "--ca-certificate-id", caId)
                        .path("certificates")
                        .findValuesAsText("certificateId"))
                .containsExactly(deviceId);
    }

    /** get-effective-policies for a thing in a child group, the policy of the root group among them. */
    @Test
    void effectivePoliciesOverAGroupHierarchy() {
        assumeThat(AwsCli.onPath()).as("aws on PATH").isTrue();
        String name = "e2e-cli-effective-" + UUID.randomUUID().toString().substring(0, 8);
        String root = name + "-root";
        String rootArn = AwsCli.run("iot", "create-thing-group", "--thing-group-name", root)
                .path("thingGroupArn")
                .asText();
        AwsCli.run("iot", "create-thing-group", "--thing-group-name", name, "--parent-group-name", root);
        AwsCli.run("iot", "create-thing", "--thing-name", name);
        AwsCli.run("iot", "add-thing-to-thing-group", "--thing-group-name", name, "--thing-name", name);
        String certificateArn = AwsCli.run("iot", "create-keys-and-certificate", "--set-as-active")
                .path("certificateArn")
                .asText();
        AwsCli.run("iot", "create-policy", "--policy-name", root, "--policy-document", POLICY);
        AwsCli.run("iot", "create-policy", "--policy-name", name, "--policy-document", POLICY);
        AwsCli.run("iot", "attach-policy", "--policy-name", root, "--target", rootArn);
        AwsCli.run("iot", "attach-policy", "--policy-name", name, "--target", certificateArn);

        assertThat(AwsCli.run("iot", "get-effective-policies", "--principal", certificateArn, "--thing-name", name)
                        .path("effectivePolicies")
                        .findValuesAsText("policyName"))
                .containsExactlyInAnyOrder(root, name);
    }

    /** create-provisioning-template, then describe-provisioning-template answers what was given. */
    @Test
    void aProvisioningTemplate() {
        assumeThat(AwsCli.onPath()).as("aws on PATH").isTrue();
        String name = "e2e-cli-template-" + UUID.randomUUID().toString().substring(0, 8);
        String body = ProvisioningEndToEndTest.template(name + "-");
        String roleArn = "arn:aws:iam::123456789012:role/" + name;
        String arn = AwsCli.run(
                        "iot",
                        "create-provisioning-template",
                        "--template-name",
                        name,
                        "--template-body",
                        body,
                        "--provisioning-role-arn",
                        roleArn,
                        "--enabled")
                .path("templateArn")
                .asText();
        JsonNode described = AwsCli.run("iot", "describe-provisioning-template", "--template-name", name);
        assertThat(described.path("templateArn").asText()).isEqualTo(arn);
        assertThat(described.path("templateBody").asText()).isEqualTo(body);
        assertThat(described.path("provisioningRoleArn").asText()).isEqualTo(roleArn);
        assertThat(described.path("enabled").asBoolean()).isTrue();
        assertThat(described.path("defaultVersionId").asInt()).isEqualTo(1);
    }
}

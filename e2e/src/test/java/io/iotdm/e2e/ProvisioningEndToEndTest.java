package io.iotdm.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.Certificate;
import software.amazon.awssdk.services.iot.model.CertificateStateException;
import software.amazon.awssdk.services.iot.model.CertificateStatus;
import software.amazon.awssdk.services.iot.model.CertificateValidationException;
import software.amazon.awssdk.services.iot.model.CreateKeysAndCertificateResponse;
import software.amazon.awssdk.services.iot.model.DeleteConflictException;
import software.amazon.awssdk.services.iot.model.EffectivePolicy;
import software.amazon.awssdk.services.iot.model.Policy;
import software.amazon.awssdk.services.iot.model.PrincipalThingObject;
import software.amazon.awssdk.services.iot.model.ProvisioningTemplateSummary;
import software.amazon.awssdk.services.iot.model.ProvisioningTemplateVersionSummary;
import software.amazon.awssdk.services.iot.model.RegistrationCodeValidationException;
import software.amazon.awssdk.services.iot.model.ResourceAlreadyExistsException;
import software.amazon.awssdk.services.iot.model.ResourceNotFoundException;
import software.amazon.awssdk.services.iot.model.ThingPrincipalObject;
import software.amazon.awssdk.services.iot.model.ThingPrincipalType;

/**
 * The provisioning flows of AWS's docs (issue 14), through the gateway to the provisioning-service with the AWS SDK for
 * Java v2: keys and a certificate for a device, a CSR of its own, a CA of its own, policies over a group hierarchy, a
 * fleet-provisioning template.
 */
class ProvisioningEndToEndTest {

    private static final String CONNECT_AND_PUBLISH =
            """
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["iot:Connect","iot:Publish"],"Resource":"*"}]}""";

    private final IotClient iot = Suite.iot();

    /** create-keys-and-certificate → create-policy → attach-policy → create-thing → attach-thing-principal. */
    @Test
    void aDeviceGetsKeysACertificateAPolicyAndAThing() {
        String name = unique("device");
        CreateKeysAndCertificateResponse created = iot.createKeysAndCertificate(request -> request.setAsActive(true));
        X509Certificate certificate = DeviceKeys.certificate(created.certificatePem());
        assertThat(created.certificateId()).isEqualTo(DeviceKeys.certificateId(certificate));
        assertThat(created.certificateArn()).endsWith(":cert/" + created.certificateId());
        assertThat(DeviceKeys.publicKey(created.keyPair().publicKey(), "RSA")).isEqualTo(certificate.getPublicKey());
        assertThat(DeviceKeys.signsFor(DeviceKeys.privateKey(created.keyPair().privateKey()), certificate))
                .isTrue();
        var description = iot.describeCertificate(request -> request.certificateId(created.certificateId()))
                .certificateDescription();
        assertThat(description.status()).isEqualTo(CertificateStatus.ACTIVE);
        assertThat(DeviceKeys.certificate(description.certificatePem())).isEqualTo(certificate);
        assertThat(description.validity().notAfter())
                .isEqualTo(certificate.getNotAfter().toInstant());

        String certificateArn = created.certificateArn();
        iot.createPolicy(request -> request.policyName(name).policyDocument(CONNECT_AND_PUBLISH));
        iot.attachPolicy(request -> request.policyName(name).target(certificateArn));
        iot.createThing(request -> request.thingName(name));
        iot.attachThingPrincipal(request -> request.thingName(name).principal(certificateArn));

        assertThat(iot.listAttachedPolicies(request -> request.target(certificateArn))
                        .policies())
                .extracting(Policy::policyName)
                .containsExactly(name);
        assertThat(iot.listTargetsForPolicy(request -> request.policyName(name)).targets())
                .containsExactly(certificateArn);
        assertThat(iot.listThingPrincipals(request -> request.thingName(name)).principals())
                .containsExactly(certificateArn);
        assertThat(iot.listThingPrincipalsV2(request -> request.thingName(name)).thingPrincipalObjects())
                .extracting(ThingPrincipalObject::principal, ThingPrincipalObject::thingPrincipalType)
                .containsExactly(tuple(certificateArn, ThingPrincipalType.NON_EXCLUSIVE_THING));
        assertThat(iot.listPrincipalThings(request -> request.principal(certificateArn))
                        .things())
                .containsExactly(name);
        assertThat(iot.listPrincipalThingsV2(request -> request.principal(certificateArn))
                        .principalThingObjects())
                .extracting(PrincipalThingObject::thingName)
                .containsExactly(name);
    }

    /**
     * A certificate goes only once it is not ACTIVE and nothing is attached to it: update-certificate INACTIVE,
     * detach-thing-principal, detach-policy, then delete-certificate.
     */
    @Test
    void aCertificateIsDeletedOnlyInactiveAndDetached() {
        String name = unique("retired");
        var created = iot.createKeysAndCertificate(request -> request.setAsActive(true));
        String id = created.certificateId();
        iot.createPolicy(request -> request.policyName(name).policyDocument(CONNECT_AND_PUBLISH));
        iot.attachPolicy(request -> request.policyName(name).target(created.certificateArn()));
        iot.createThing(request -> request.thingName(name));
        iot.attachThingPrincipal(request -> request.thingName(name).principal(created.certificateArn()));

        assertThatThrownBy(() -> iot.deleteCertificate(request -> request.certificateId(id)))
                .isInstanceOf(CertificateStateException.class);
        iot.updateCertificate(request -> request.certificateId(id).newStatus(CertificateStatus.INACTIVE));
        assertThatThrownBy(() -> iot.deleteCertificate(request -> request.certificateId(id)))
                .isInstanceOf(DeleteConflictException.class);
        iot.detachThingPrincipal(request -> request.thingName(name).principal(created.certificateArn()));
        assertThatThrownBy(() -> iot.deleteCertificate(request -> request.certificateId(id)))
                .isInstanceOf(DeleteConflictException.class);
        iot.detachPolicy(request -> request.policyName(name).target(created.certificateArn()));
        iot.deleteCertificate(request -> request.certificateId(id));
        assertThatThrownBy(() -> iot.describeCertificate(request -> request.certificateId(id)))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    /** create-certificate-from-csr: the certificate is for the CSR's key, which never left the device. */
    @Test
    void aCsrOfTheDevicesOwnKeyGetsACertificateForThatKey() {
        KeyPair keys = DeviceKeys.ecP256();
        String csr = DeviceKeys.csr(keys, unique("csr"));
        var created = iot.createCertificateFromCsr(
                request -> request.certificateSigningRequest(csr).setAsActive(true));
        X509Certificate certificate = DeviceKeys.certificate(created.certificatePem());
        assertThat(certificate.getPublicKey()).isEqualTo(keys.getPublic());
        assertThat(DeviceKeys.signsFor(keys.getPrivate(), certificate)).isTrue();
        assertThat(created.certificateId()).isEqualTo(DeviceKeys.certificateId(certificate));
        assertThat(iot.describeCertificate(request -> request.certificateId(created.certificateId()))
                        .certificateDescription()
                        .status())
                .isEqualTo(CertificateStatus.ACTIVE);
    }

    /**
     * get-registration-code → register-ca-certificate with a verification certificate → register-certificate of a device
     * certificate that CA signed → list-certificates-by-ca. The CA is EC P-256 (ECDSA signatures throughout); the CLI
     * test walks the same flow with an openssl-made RSA CA.
     */
    @Test
    void aCaOfTheCallersOwnIsRegisteredThenCertificatesItSigned() {
        BouncyCastleCa ca = BouncyCastleCa.create(unique("ca"));
        String registrationCode = iot.getRegistrationCode(request -> {}).registrationCode();
        String notTheCode = ca.sign(unique("not-the-code"));
        assertThatThrownBy(() -> iot.registerCACertificate(
                        request -> request.caCertificate(ca.certificatePem()).verificationCertificate(notTheCode)))
                .isInstanceOf(RegistrationCodeValidationException.class);
        String verification = ca.sign(registrationCode);
        var registeredCa = iot.registerCACertificate(request -> request.caCertificate(ca.certificatePem())
                .verificationCertificate(verification)
                .setAsActive(true));
        assertThat(iot.describeCACertificate(request -> request.certificateId(registeredCa.certificateId()))
                        .certificateDescription()
                        .statusAsString())
                .isEqualTo("ACTIVE");

        String devicePem = ca.sign(unique("signed"));
        var registered = iot.registerCertificate(request -> request.certificatePem(devicePem)
                .caCertificatePem(ca.certificatePem())
                .status(CertificateStatus.ACTIVE));
        assertThat(registered.certificateId()).isEqualTo(DeviceKeys.certificateId(DeviceKeys.certificate(devicePem)));
        assertThatThrownBy(() -> iot.registerCertificate(request -> request.certificatePem(devicePem)))
                .isInstanceOf(ResourceAlreadyExistsException.class);
        String unregisteredCaSigned =
                BouncyCastleCa.create(unique("unregistered")).sign(unique("orphan"));
        assertThatThrownBy(() -> iot.registerCertificate(request -> request.certificatePem(unregisteredCaSigned)))
                .isInstanceOf(CertificateValidationException.class);
        var description = iot.describeCertificate(request -> request.certificateId(registered.certificateId()))
                .certificateDescription();
        assertThat(description.caCertificateId()).isEqualTo(registeredCa.certificateId());
        assertThat(description.status()).isEqualTo(CertificateStatus.ACTIVE);
        assertThat(iot.listCertificatesByCA(request -> request.caCertificateId(registeredCa.certificateId()))
                        .certificates())
                .extracting(Certificate::certificateId)
                .containsExactly(registered.certificateId());
    }

    /**
     * get-effective-policies for a thing in a child group: the root group's policy reaches it through the group-service's
     * hierarchy, next to the certificate's own.
     */
    @Test
    void effectivePoliciesGatherTheCertificatesAndTheGroupAncestors() {
        String name = unique("effective");
        String root = name + "-root";
        String child = name + "-child";
        String rootArn =
                iot.createThingGroup(request -> request.thingGroupName(root)).thingGroupArn();
        iot.createThingGroup(request -> request.thingGroupName(child).parentGroupName(root));
        iot.createThing(request -> request.thingName(name));
        iot.addThingToThingGroup(request -> request.thingGroupName(child).thingName(name));
        String certificateArn = iot.createKeysAndCertificate(request -> request.setAsActive(true))
                .certificateArn();
        iot.createPolicy(request -> request.policyName(root).policyDocument(CONNECT_AND_PUBLISH));
        iot.createPolicy(request -> request.policyName(name).policyDocument(CONNECT_AND_PUBLISH));
        iot.attachPolicy(request -> request.policyName(root).target(rootArn));
        iot.attachPolicy(request -> request.policyName(name).target(certificateArn));

        assertThat(iot.getEffectivePolicies(
                                request -> request.principal(certificateArn).thingName(name))
                        .effectivePolicies())
                .extracting(EffectivePolicy::policyName, EffectivePolicy::policyDocument)
                .containsExactlyInAnyOrder(tuple(root, CONNECT_AND_PUBLISH), tuple(name, CONNECT_AND_PUBLISH));
    }

    /** create-provisioning-template → describe → create-provisioning-template-version → the lists. */
    @Test
    void aFleetProvisioningTemplateAndItsVersions() {
        String name = unique("template");
        String body = template(name + "-");
        String roleArn = "arn:aws:iam::123456789012:role/" + name;
        var created = iot.createProvisioningTemplate(request -> request.templateName(name)
                .templateBody(body)
                .provisioningRoleArn(roleArn)
                .enabled(true));
        assertThat(created.defaultVersionId()).isEqualTo(1);
        var described = iot.describeProvisioningTemplate(request -> request.templateName(name));
        assertThat(described.templateArn()).isEqualTo(created.templateArn());
        assertThat(described.templateBody()).isEqualTo(body);
        assertThat(described.provisioningRoleArn()).isEqualTo(roleArn);
        assertThat(described.enabled()).isTrue();
        assertThat(described.typeAsString()).isEqualTo("FLEET_PROVISIONING");

        String second = template(name + "-v2-");
        var version = iot.createProvisioningTemplateVersion(
                request -> request.templateName(name).templateBody(second).setAsDefault(true));
        assertThat(version.versionId()).isEqualTo(2);
        assertThat(version.isDefaultVersion()).isTrue();
        assertThat(iot.describeProvisioningTemplateVersion(
                                request -> request.templateName(name).versionId(1))
                        .templateBody())
                .isEqualTo(body);
        assertThat(iot.describeProvisioningTemplate(request -> request.templateName(name))
                        .templateBody())
                .isEqualTo(second);
        assertThat(iot.listProvisioningTemplateVersions(request -> request.templateName(name))
                        .versions())
                .extracting(
                        ProvisioningTemplateVersionSummary::versionId,
                        ProvisioningTemplateVersionSummary::isDefaultVersion)
                .containsExactly(tuple(1, false), tuple(2, true));
        assertThat(iot.listProvisioningTemplatesPaginator(request -> {}).templates())
                .filteredOn(template -> template.templateName().equals(name))
                .extracting(ProvisioningTemplateSummary::templateArn, ProvisioningTemplateSummary::enabled)
                .containsExactly(tuple(created.templateArn(), true));
    }

    /** AWS's fleet-provisioning example: a thing named from a parameter, the certificate the device claims with. */
    static String template(String thingPrefix) {
        return """
                {"Parameters":{"SerialNumber":{"Type":"String"},"AWS::IoT::Certificate::Id":{"Type":"String"}},\
                "Resources":{"thing":{"Type":"AWS::IoT::Thing","Properties":{"ThingName":{"Fn::Join":["",["%s",\
                {"Ref":"SerialNumber"}]]}}},"certificate":{"Type":"AWS::IoT::Certificate","Properties":\
                {"CertificateId":{"Ref":"AWS::IoT::Certificate::Id"},"Status":"Active"}}}}"""
                .formatted(thingPrefix);
    }

    private static String unique(String what) {
        return "e2e-" + what + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}

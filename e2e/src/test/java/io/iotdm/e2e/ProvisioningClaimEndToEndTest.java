package io.iotdm.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.cert.X509Certificate;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.CreateProvisioningClaimResponse;
import software.amazon.awssdk.services.iot.model.InvalidRequestException;
import software.amazon.awssdk.services.iot.model.ResourceNotFoundException;

/**
 * CreateProvisioningClaim (docs/aws-behaviour.md §6.10) with the AWS SDK for Java v2, through the gateway: the
 * trusted user's claim for a fleet template, and its errors.
 */
class ProvisioningClaimEndToEndTest {

    private final IotClient iot = Suite.iot();

    @Test
    void aTrustedUserGetsATemporaryClaimThatIsNotAnAccountCertificate() {
        String name = template(true);

        CreateProvisioningClaimResponse claim = iot.createProvisioningClaim(request -> request.templateName(name));

        X509Certificate certificate = DeviceKeys.certificate(claim.certificatePem());
        assertThat(claim.certificateId()).isEqualTo(DeviceKeys.certificateId(certificate));
        assertThat(claim.expiration()).isEqualTo(certificate.getNotAfter().toInstant());
        assertThat(DeviceKeys.publicKey(claim.keyPair().publicKey(), "RSA")).isEqualTo(certificate.getPublicKey());
        assertThat(DeviceKeys.signsFor(DeviceKeys.privateKey(claim.keyPair().privateKey()), certificate))
                .isTrue();
        assertThatThrownBy(() -> iot.describeCertificate(request -> request.certificateId(claim.certificateId())))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void anUnknownTemplateIsResourceNotFoundAndADisabledOneAnInvalidRequest() {
        String missing = "e2e-missing-" + UUID.randomUUID().toString().substring(0, 8);
        String disabled = template(false);

        assertThatThrownBy(() -> iot.createProvisioningClaim(request -> request.templateName(missing)))
                .isInstanceOf(ResourceNotFoundException.class)
                .hasMessageStartingWith("The provisioning template " + missing + " does not exist");
        assertThatThrownBy(() -> iot.createProvisioningClaim(request -> request.templateName(disabled)))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageStartingWith("The provisioning template " + disabled + " is disabled");
    }

    private String template(boolean enabled) {
        String name = "e2e-claim-" + UUID.randomUUID().toString().substring(0, 8);
        iot.createProvisioningTemplate(request -> request.templateName(name)
                .templateBody(ProvisioningEndToEndTest.template(name + "-"))
                .provisioningRoleArn("arn:aws:iam::123456789012:role/" + name)
                .enabled(enabled));
        return name;
    }
}

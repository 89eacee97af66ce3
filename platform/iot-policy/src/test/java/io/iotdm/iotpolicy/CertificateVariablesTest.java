package io.iotdm.iotpolicy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The certificate variables of a self-signed test certificate (openssl: subject {@code C=US, O=IoT Devices,
 * OU=LightBulb, OU=Kitchen, ST=NY, CN=lamp-1, serialNumber=123, GN=Bulb}, serial 0x1234, DNS, e-mail, IP and URI
 * alternative names).
 */
class CertificateVariablesTest {

    private static X509Certificate certificate() throws Exception {
        try (InputStream pem = CertificateVariablesTest.class.getResourceAsStream("/lamp-1.pem")) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(pem);
        }
    }

    @Test
    void subjectIssuerAlternativeNamesAndSerial() throws Exception {
        Map<String, List<String>> variables = CertificateVariables.of(certificate());
        assertThat(variables)
                .containsEntry("iot:Certificate.Subject.CommonName", List.of("lamp-1"))
                .containsEntry("iot:Certificate.Subject.Country", List.of("US"))
                .containsEntry("iot:Certificate.Subject.Organization", List.of("IoT Devices"))
                .containsEntry("iot:Certificate.Subject.OrganizationalUnit", List.of("LightBulb"))
                .containsEntry("iot:Certificate.Subject.OrganizationalUnit.List", List.of("LightBulb", "Kitchen"))
                .containsEntry("iot:Certificate.Subject.State", List.of("NY"))
                .containsEntry("iot:Certificate.Subject.SerialNumber", List.of("123"))
                .containsEntry("iot:Certificate.Subject.GivenName", List.of("Bulb"))
                .containsEntry("iot:Certificate.Issuer.CommonName", List.of("lamp-1"))
                .containsEntry(
                        "iot:Certificate.Subject.AlternativeName.DNSName.List",
                        List.of("lamp-1.example.com", "lamp.example.com"))
                .containsEntry("iot:Certificate.Subject.AlternativeName.DNSName", List.of("lamp-1.example.com"))
                .containsEntry("iot:Certificate.Subject.AlternativeName.RFC822Name", List.of("ops@example.com"))
                .containsEntry("iot:Certificate.Subject.AlternativeName.IPAddress", List.of("10.0.0.7"))
                .containsEntry(
                        "iot:Certificate.Subject.AlternativeName.UniformResourceIdentifier", List.of("urn:lamp:1"))
                .containsEntry("iot:Certificate.SerialNumber", List.of("4660"))
                .doesNotContainKey("iot:Certificate.Subject.Surname");
        assertThat(variables.get("iot:Certificate.Validity.NotAfter").getFirst())
                .startsWith("2036-");
    }

    @Test
    void certificateVariablesAuthorize() throws Exception {
        PolicyContext context = PolicyContext.builder()
                .clientId("lamp-1")
                .certificate(CertificateVariables.of(certificate()))
                .build();
        CompiledPolicy policy = PolicyParser.compile(
                """
                {"Version":"2012-10-17","Statement":[
                 {"Effect":"Allow","Action":"iot:Connect",
                  "Resource":"arn:aws:iot:us-east-1:123456789012:client/${iot:Certificate.Subject.CommonName}",
                  "Condition":{"ForAnyValue:StringEquals":{"iot:Certificate.Subject.OrganizationalUnit.List":"Kitchen"},
                               "DateGreaterThan":{"iot:Certificate.Validity.NotAfter":"2030-01-01T00:00:00Z"}}},
                 {"Effect":"Allow","Action":"iot:Publish",
                  "Resource":"arn:aws:iot:us-east-1:123456789012:topic/${iot:Certificate.Subject.Surname}/*"}]}
                """);
        var policies = EffectivePolicies.of(policy);
        var arns = new IotResources("aws", "us-east-1", "123456789012");
        assertThat(policies.decide(IotResources.CONNECT, arns.client("lamp-1"), context))
                .isEqualTo(Decision.ALLOW);
        assertThat(policies.decide(IotResources.CONNECT, arns.client("lamp-2"), context))
                .isEqualTo(Decision.IMPLICIT_DENY);
        // The certificate has no surname: the variable is unresolved and the statement matches nothing.
        assertThat(policies.decide(IotResources.PUBLISH, arns.topic("/x"), context))
                .isEqualTo(Decision.IMPLICIT_DENY);
    }
}

package io.iotdm.provisioning.certificate;

import static io.iotdm.provisioning.TestPki.alteredCsr;
import static io.iotdm.provisioning.TestPki.csr;
import static io.iotdm.provisioning.TestPki.ec;
import static io.iotdm.provisioning.TestPki.jdk;
import static io.iotdm.provisioning.TestPki.rsa;
import static io.iotdm.provisioning.TestPki.selfSigned;
import static io.iotdm.provisioning.certificate.TestCertificates.describe;
import static io.iotdm.provisioning.certificate.TestCertificates.fromCsr;
import static io.iotdm.provisioning.certificate.TestCertificates.registerWithoutCa;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.agroal.api.AgroalDataSource;
import io.iotdm.events.ProvisioningChanges;
import io.iotdm.provisioning.ProvisioningTestResource;
import io.iotdm.provisioning.TestPki;
import io.iotdm.testing.KafkaTopicReader;
import io.iotdm.x509.IssuingCa;
import io.iotdm.x509.Pem;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import javax.security.auth.x500.X500Principal;
import org.junit.jupiter.api.Test;

@QuarkusTest
@ProvisioningTestResource
class CertificateCreationTest {

    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
    private static final String ARN_PREFIX = "arn:aws:iot:us-east-1:123456789012:cert/";

    @Inject
    IssuingCa ca;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void createKeysAndCertificateIssuesAClientCertificateOfTheIssuingCaForTheKeyItAnswers() throws Exception {
        JsonPath created = given().post("/keys-and-certificate?setAsActive=true")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        String id = created.getString("certificateId");
        assertThat(id).matches("[0-9a-f]{64}");
        assertThat(created.getString("certificateArn")).isEqualTo(ARN_PREFIX + id);

        X509Certificate certificate = jdk(created.getString("certificatePem"));
        assertThat(TestPki.certificateId(created.getString("certificatePem"))).isEqualTo(id);
        assertThat(certificate.getSubjectX500Principal().getName()).isEqualTo("CN=AWS IoT Certificate");
        assertThat(certificate.getNotAfter().toInstant()).isEqualTo(Instant.parse("2049-12-31T23:59:59Z"));
        assertThat(certificate.getExtendedKeyUsage()).contains(CLIENT_AUTH);
        assertThat(certificate.getBasicConstraints()).isEqualTo(-1);
        chainsToTheIssuingCa(certificate);

        String publicPem = created.getString("keyPair.PublicKey");
        String privatePem = created.getString("keyPair.PrivateKey");
        assertThat(publicPem).startsWith("-----BEGIN PUBLIC KEY-----");
        assertThat(privatePem).startsWith("-----BEGIN RSA PRIVATE KEY-----");
        assertThat(der(publicPem)).isEqualTo(certificate.getPublicKey().getEncoded());
        assertThat(((java.security.interfaces.RSAKey) certificate.getPublicKey())
                        .getModulus()
                        .bitLength())
                .isEqualTo(2048);
        PrivateKey privateKey = Pem.privateKey("keyPair.PrivateKey", privatePem);
        byte[] challenge = "prove it".getBytes(StandardCharsets.UTF_8);
        Signature signer = Signature.getInstance("SHA256withRSA");
        signer.initSign(privateKey);
        signer.update(challenge);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance("SHA256withRSA");
        verifier.initVerify(certificate);
        verifier.update(challenge);
        assertThat(verifier.verify(signature))
                .as("the private key is the certificate's")
                .isTrue();

        describe(id)
                .statusCode(200)
                .body("certificateDescription.status", equalTo("ACTIVE"))
                .body("certificateDescription.certificateMode", equalTo("DEFAULT"))
                .body("certificateDescription.certificatePem", equalTo(created.getString("certificatePem")))
                .body("certificateDescription.containsKey('caCertificateId')", equalTo(false));
        assertThat(
                        KafkaTopicReader.await(
                                        ProvisioningChanges.TOPIC,
                                        record -> record.key().equals("CERTIFICATE:" + id),
                                        1)
                                .stream()
                                .map(record -> ProvisioningChanges.Change.parse(
                                                record.value().getBytes())
                                        .detail()))
                .containsExactly("created");
    }

    @Test
    void withoutSetAsActiveAnIssuedCertificateIsInactive() {
        String id = given().post("/keys-and-certificate")
                .then()
                .statusCode(200)
                .extract()
                .path("certificateId");
        describe(id).statusCode(200).body("certificateDescription.status", equalTo("INACTIVE"));

        String fromCsr = fromCsr(csr("CN=inactive", ec()), false)
                .statusCode(200)
                .extract()
                .path("certificateId");
        describe(fromCsr).statusCode(200).body("certificateDescription.status", equalTo("INACTIVE"));
    }

    @Test
    void aCsrGetsACertificateForItsKeyAndSubjectANewOneEachTime() throws Exception {
        KeyPair key = ec();
        String request = csr("CN=sensor-7, O=Acme", key);
        JsonPath first = fromCsr(request, true).statusCode(200).extract().jsonPath();
        JsonPath second = fromCsr(request, true).statusCode(200).extract().jsonPath();

        assertThat(first.getString("certificateId")).isNotEqualTo(second.getString("certificateId"));
        assertThat(first.getString("certificateArn")).isEqualTo(ARN_PREFIX + first.getString("certificateId"));
        X509Certificate certificate = jdk(first.getString("certificatePem"));
        assertThat(certificate.getPublicKey().getEncoded())
                .isEqualTo(key.getPublic().getEncoded());
        assertThat(certificate.getSubjectX500Principal())
                .as("the CSR's subject, as it was encoded")
                .isEqualTo(new X500Principal(TestPki.csrStructure("CN=sensor-7, O=Acme", key)
                        .getSubject()
                        .getEncoded()));
        assertThat(certificate.getExtendedKeyUsage()).contains(CLIENT_AUTH);
        chainsToTheIssuingCa(certificate);
        describe(first.getString("certificateId"))
                .statusCode(200)
                .body("certificateDescription.status", equalTo("ACTIVE"))
                .body("certificateDescription.certificateMode", equalTo("DEFAULT"));

        // RSA-2048 is accepted as well
        String rsaPem = fromCsr(csr("CN=rsa", rsa(2048)), true)
                .statusCode(200)
                .extract()
                .path("certificatePem");
        chainsToTheIssuingCa(jdk(rsaPem));
    }

    @Test
    void aBadCsrIsInvalidRequestWithWhatIsWrongAndNothingIsWritten() throws Exception {
        long before = certificateRows();
        String garbage = fromCsr("not a certificate signing request", true)
                .statusCode(400)
                .header("x-amzn-ErrorType", "InvalidRequestException")
                .body("message", startsWith("The request is not valid: certificateSigningRequest"))
                .extract()
                .path("message");
        assertThat(garbage).doesNotContain("Exception");

        fromCsr(csr("CN=weak", rsa(1024)), true)
                .statusCode(400)
                .header("x-amzn-ErrorType", "InvalidRequestException")
                .body(
                        "message",
                        equalTo("The request is not valid: certificateSigningRequest: the key is RSA-1024; AWS IoT"
                                + " needs an RSA key of at least 2048 bits or an EC key on P-256, P-384 or P-521"));

        String altered = fromCsr(alteredCsr("CN=honest", "CN=forged", ec()), true)
                .statusCode(400)
                .header("x-amzn-ErrorType", "InvalidRequestException")
                .extract()
                .path("message");
        assertThat(altered)
                .startsWith("The request is not valid: certificateSigningRequest")
                .contains("signature does not verify");

        // a certificate where a CSR belongs
        fromCsr(selfSigned("CN=not-a-csr"), true)
                .statusCode(400)
                .header("x-amzn-ErrorType", "InvalidRequestException")
                .body("message", startsWith("The request is not valid: certificateSigningRequest"));

        assertThat(certificateRows()).as("certificates stored").isEqualTo(before);
    }

    @Test
    void registerWithoutCaKeepsTheCertificateAsSniOnlyInactiveByDefault() {
        String pem = selfSigned("CN=made-elsewhere-" + System.nanoTime());
        JsonPath registered =
                registerWithoutCa(pem, null).statusCode(200).extract().jsonPath();
        String id = registered.getString("certificateId");
        assertThat(id).isEqualTo(TestPki.certificateId(pem));
        assertThat(registered.getString("certificateArn")).isEqualTo(ARN_PREFIX + id);
        assertThat(registered.getMap("$")).containsOnlyKeys("certificateArn", "certificateId");

        describe(id)
                .statusCode(200)
                .body("certificateDescription.status", equalTo("INACTIVE"))
                .body("certificateDescription.certificateMode", equalTo("SNI_ONLY"))
                .body("certificateDescription.customerVersion", equalTo(1))
                .body("certificateDescription.containsKey('caCertificateId')", equalTo(false));

        String active = TestCertificates.registered("ACTIVE");
        describe(active).statusCode(200).body("certificateDescription.status", equalTo("ACTIVE"));
    }

    @Test
    void aCertificateRegisteredTwiceIsResourceAlreadyExists() {
        String pem = selfSigned("CN=twice-" + System.nanoTime());
        String id = registerWithoutCa(pem, "ACTIVE").statusCode(200).extract().path("certificateId");
        registerWithoutCa(pem, "INACTIVE")
                .statusCode(409)
                .header("x-amzn-ErrorType", "ResourceAlreadyExistsException")
                .body("message", equalTo("The certificate is already provisioned or registered"))
                .body("resourceId", equalTo(id))
                .body("resourceArn", equalTo(ARN_PREFIX + id));
        describe(id).statusCode(200).body("certificateDescription.status", equalTo("ACTIVE"));
    }

    @Test
    void registerWithoutCaRefusesWhatAwsRefuses() throws Exception {
        long before = certificateRows();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        registerWithoutCa(selfSigned("CN=expired", now.minus(30, ChronoUnit.DAYS), now.minus(1, ChronoUnit.DAYS)), null)
                .statusCode(400)
                .header("x-amzn-ErrorType", "CertificateValidationException")
                .body("message", startsWith("The certificate is invalid: certificatePem has expired"));
        registerWithoutCa("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n", null)
                .statusCode(400)
                .header("x-amzn-ErrorType", "CertificateValidationException")
                .body("message", startsWith("The certificate is invalid: certificatePem"));
        registerWithoutCa(selfSigned("CN=transfer-" + System.nanoTime()), "PENDING_TRANSFER")
                .statusCode(400)
                .header("x-amzn-ErrorType", "InvalidRequestException")
                .body(
                        "message",
                        equalTo("The certificate status can only be set to ACTIVE, INACTIVE or REVOKED, not"
                                + " PENDING_TRANSFER"));
        assertThat(certificateRows()).as("certificates stored").isEqualTo(before);
    }

    /** The JDK's PKIX validator accepts the certificate with the issuing CA as the only trust anchor. */
    private void chainsToTheIssuingCa(X509Certificate certificate) throws Exception {
        PKIXParameters parameters =
                new PKIXParameters(Set.of(new TrustAnchor(ca.certificate().x509(), null)));
        parameters.setRevocationEnabled(false);
        CertPathValidator.getInstance("PKIX")
                .validate(CertificateFactory.getInstance("X.509").generateCertPath(List.of(certificate)), parameters);
        assertThat(certificate.getIssuerX500Principal())
                .isEqualTo(ca.certificate().x509().getSubjectX500Principal());
    }

    private long certificateRows() throws Exception {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement();
                ResultSet count = statement.executeQuery("SELECT count(*) FROM certificate")) {
            count.next();
            return count.getLong(1);
        }
    }

    private static byte[] der(String pem) {
        return Base64.getMimeDecoder()
                .decode(pem.replaceAll("-----[A-Z ]+-----", "").strip());
    }
}

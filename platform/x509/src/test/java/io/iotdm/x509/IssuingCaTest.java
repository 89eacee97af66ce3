package io.iotdm.x509;

import static io.iotdm.x509.Refusals.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.file.Path;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class IssuingCaTest {

    private static final X500Principal CA_SUBJECT = new X500Principal("CN=iotdm Device CA, O=iotdm");
    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00.750Z");
    private static final char[] SECRET = "correct horse battery staple".toCharArray();

    @ParameterizedTest
    @EnumSource(IssuingCa.KeyAlgorithm.class)
    void caCertificateIsASelfSignedCa(IssuingCa.KeyAlgorithm algorithm) throws Exception {
        IssuingCa ca = IssuingCa.create(CA_SUBJECT, algorithm, NOW);
        X509Certificate x509 = TestPki.jdk(ca.certificate().pem());

        assertThat(x509.getSubjectX500Principal()).isEqualTo(CA_SUBJECT);
        assertThat(x509.getIssuerX500Principal()).isEqualTo(CA_SUBJECT);
        x509.verify(x509.getPublicKey());
        assertThat(x509.getBasicConstraints()).isZero();
        assertThat(x509.getCriticalExtensionOIDs()).contains("2.5.29.19", "2.5.29.15");
        assertThat(x509.getKeyUsage()[5]).as("keyCertSign").isTrue();
        assertThat(x509.getNotBefore().toInstant()).isEqualTo(Instant.parse("2026-06-01T12:00:00Z"));
        assertThat(x509.getNotAfter().toInstant()).isEqualTo(Instant.parse("2049-12-31T23:59:59Z"));
        assertThat(x509.getPublicKey().getAlgorithm())
                .isEqualTo(algorithm == IssuingCa.KeyAlgorithm.RSA_2048 ? "RSA" : "EC");
        assertThat(ca.toString())
                .doesNotContain("PRIVATE")
                .contains(ca.certificate().certificateId());
    }

    @ParameterizedTest
    @EnumSource(IssuingCa.KeyAlgorithm.class)
    void deviceCertificateForAGeneratedKey(IssuingCa.KeyAlgorithm algorithm) throws Exception {
        IssuingCa ca = IssuingCa.create(CA_SUBJECT, algorithm, NOW);
        DeviceKeyPair keys = DeviceKeyPair.generateRsa2048();

        IotCertificate issued = ca.issue(keys.publicKey(), IssuingCa.KEYS_AND_CERTIFICATE_SUBJECT, NOW);
        X509Certificate x509 = TestPki.jdk(issued.pem());

        assertThat(x509.getSubjectX500Principal().getName()).isEqualTo("CN=AWS IoT Certificate");
        assertThat(x509.getIssuerX500Principal()).isEqualTo(CA_SUBJECT);
        assertThat(x509.getPublicKey()).isEqualTo(keys.publicKey());
        assertThat(x509.getNotBefore().toInstant()).isEqualTo(Instant.parse("2026-06-01T12:00:00Z"));
        assertThat(x509.getNotAfter().toInstant()).isEqualTo(Instant.parse("2049-12-31T23:59:59Z"));
        assertThat(x509.getBasicConstraints()).isEqualTo(-1);
        assertThat(x509.getCriticalExtensionOIDs()).contains("2.5.29.19", "2.5.29.15");
        boolean[] usage = x509.getKeyUsage();
        assertThat(usage[0]).as("digitalSignature").isTrue();
        assertThat(usage[2]).as("keyEncipherment, for an RSA key").isTrue();
        assertThat(usage[5]).as("keyCertSign").isFalse();
        assertThat(x509.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2");
        assertThat(authorityKeyId(x509))
                .isEqualTo(subjectKeyId(TestPki.jdk(ca.certificate().pem())));
        assertThat(subjectKeyId(x509)).isNotEmpty();
        assertThat(issued.isIssuedBy(ca.certificate())).isTrue();
        pkixValidate(x509, ca.certificate());
    }

    @Test
    void serverCertificateNamesItsHostsAndIsForServerAuth() throws Exception {
        IssuingCa ca = IssuingCa.create(CA_SUBJECT, IssuingCa.KeyAlgorithm.RSA_2048, NOW);
        DeviceKeyPair keys = DeviceKeyPair.generateRsa2048();

        X509Certificate x509 = TestPki.jdk(ca.issueServer(
                        keys.publicKey(),
                        List.of("localhost", "127.0.0.1", "mqtt.example.com"),
                        Duration.ofDays(397),
                        NOW)
                .pem());

        assertThat(x509.getSubjectX500Principal().getName()).isEqualTo("CN=localhost");
        assertThat(x509.getNotAfter().toInstant()).isEqualTo(Instant.parse("2027-07-03T12:00:00Z"));
        assertThat(x509.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
        // (type, value): 2 = dNSName, 7 = iPAddress
        assertThat(x509.getSubjectAlternativeNames())
                .containsExactly(List.of(2, "localhost"), List.of(7, "127.0.0.1"), List.of(2, "mqtt.example.com"));
        pkixValidate(x509, ca.certificate());
        assertThatThrownBy(() -> ca.issueServer(keys.publicKey(), List.of(), Duration.ofDays(1), NOW))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void serialNumbersArePositiveRandomAndAtMostTwentyOctets() {
        IssuingCa ca = IssuingCa.create(CA_SUBJECT, IssuingCa.KeyAlgorithm.EC_P256, NOW);
        BigInteger first = ca.issue(TestPki.p256().getPublic(), new X500Principal("CN=a"), NOW)
                .x509()
                .getSerialNumber();
        BigInteger second = ca.issue(TestPki.p256().getPublic(), new X500Principal("CN=a"), NOW)
                .x509()
                .getSerialNumber();

        assertThat(first).isPositive().isNotEqualTo(second);
        assertThat(first.toByteArray()).hasSizeLessThanOrEqualTo(20);
        assertThat(first.bitLength()).isEqualTo(159);
    }

    @Test
    void csrSubjectIsCarriedAndAnEcKeyHasNoKeyEncipherment() throws Exception {
        IssuingCa ca = IssuingCa.create(CA_SUBJECT, IssuingCa.KeyAlgorithm.RSA_2048, NOW);
        CertificateSigningRequest csr = Pem.certificateSigningRequest(
                "certificateSigningRequest", TestPki.csr("CN=lamp-7, OU=Kitchen, O=IoT Devices", TestPki.p256()));

        X509Certificate x509 = TestPki.jdk(ca.issue(csr, NOW).pem());

        assertThat(x509.getSubjectX500Principal()).isEqualTo(csr.subject());
        assertThat(x509.getPublicKey()).isEqualTo(TestPki.p256().getPublic());
        assertThat(x509.getKeyUsage()[0]).isTrue();
        assertThat(x509.getKeyUsage()[2]).isFalse();
        assertThat(x509.getSigAlgName()).isEqualTo("SHA256withRSA");
    }

    @Test
    void emptySubjectBecomesAwsSubject() {
        IssuingCa ca = IssuingCa.create(CA_SUBJECT, IssuingCa.KeyAlgorithm.EC_P256, NOW);
        IotCertificate issued = ca.issue(TestPki.p256().getPublic(), new X500Principal(""), NOW);
        assertThat(issued.subject()).isEqualTo(IssuingCa.KEYS_AND_CERTIFICATE_SUBJECT);
    }

    @Test
    void refusesAKeyAwsRefuses() {
        IssuingCa ca = IssuingCa.create(CA_SUBJECT, IssuingCa.KeyAlgorithm.EC_P256, NOW);
        assertRefused(
                () -> ca.issue(TestPki.rsa(1024).getPublic(), new X500Principal("CN=a"), NOW),
                "InvalidRequestException",
                "The request is not valid: the key is RSA-1024; AWS IoT needs an RSA key of at least 2048 bits or an"
                        + " EC key on P-256, P-384 or P-521");
    }

    @Test
    void opensslVerifiesIssuedCertificatesForClientAuth(@TempDir Path dir) {
        IssuingCa ca = IssuingCa.create(CA_SUBJECT, IssuingCa.KeyAlgorithm.RSA_2048, Instant.now());
        Openssl.run(
                dir,
                "req",
                "-new",
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:P-256",
                "-nodes",
                "-keyout",
                "device.key",
                "-subj",
                "/O=IoT Devices/CN=lamp-9",
                "-out",
                "device.csr");
        CertificateSigningRequest csr =
                Pem.certificateSigningRequest("certificateSigningRequest", Openssl.read(dir.resolve("device.csr")));
        Openssl.write(dir.resolve("ca.pem"), ca.certificate().pem());
        Openssl.write(dir.resolve("device.pem"), ca.issue(csr, Instant.now()).pem());
        Openssl.write(
                dir.resolve("generated.pem"),
                ca.issue(
                                DeviceKeyPair.generateRsa2048().publicKey(),
                                IssuingCa.KEYS_AND_CERTIFICATE_SUBJECT,
                                Instant.now())
                        .pem());

        assertThat(Openssl.run(
                        dir, "verify", "-CAfile", "ca.pem", "-purpose", "sslclient", "device.pem", "generated.pem"))
                .isEqualTo("device.pem: OK\ngenerated.pem: OK\n");
        assertThat(Openssl.run(dir, "x509", "-in", "device.pem", "-noout", "-subject"))
                .isEqualTo("subject=O = IoT Devices, CN = lamp-9\n");
    }

    @Test
    void sealedKeyLoadsTheSameCa() {
        IssuingCa ca = IssuingCa.create(CA_SUBJECT, IssuingCa.KeyAlgorithm.EC_P256, NOW);
        String sealed = ca.sealedKey(SECRET);

        IssuingCa loaded = IssuingCa.load(ca.certificate().pem(), sealed, SECRET);
        IotCertificate issued = loaded.issue(TestPki.p256().getPublic(), new X500Principal("CN=a"), NOW);

        assertThat(loaded.certificate()).isEqualTo(ca.certificate());
        assertThat(issued.isIssuedBy(ca.certificate())).isTrue();
    }

    @Test
    void loadRefusesAnotherCasKeyAWrongSecretAndANonCa() {
        IssuingCa ca = IssuingCa.create(CA_SUBJECT, IssuingCa.KeyAlgorithm.EC_P256, NOW);
        IssuingCa other = IssuingCa.create(CA_SUBJECT, IssuingCa.KeyAlgorithm.EC_P256, NOW);
        String device = ca.issue(TestPki.p256().getPublic(), new X500Principal("CN=a"), NOW)
                .pem();

        assertThatThrownBy(() -> IssuingCa.load(ca.certificate().pem(), other.sealedKey(SECRET), SECRET))
                .isInstanceOf(SealedKeyException.class)
                .hasMessage("the sealed key is not the key of the CA certificate "
                        + ca.certificate().certificateId());
        assertThatThrownBy(() -> IssuingCa.load(
                        ca.certificate().pem(), ca.sealedKey(SECRET), "another secret, long enough".toCharArray()))
                .isInstanceOf(SealedKeyException.class)
                .hasMessageStartingWith("the sealed key cannot be opened with this secret");
        assertThatThrownBy(() -> IssuingCa.load(device, ca.sealedKey(SECRET), SECRET))
                .isInstanceOf(SealedKeyException.class)
                .hasMessage("the issuing CA's certificate is not a CA certificate (basicConstraints)");
        assertThatThrownBy(() -> IssuingCa.load("", ca.sealedKey(SECRET), SECRET))
                .isInstanceOf(SealedKeyException.class)
                .hasMessage("The certificate is invalid: the issuing CA's certificate is empty; it takes PEM text"
                        + " (-----BEGIN CERTIFICATE----- ...)");
    }

    private static byte[] subjectKeyId(X509Certificate certificate) {
        return SubjectKeyIdentifier.getInstance(extension(certificate, Extension.subjectKeyIdentifier.getId()))
                .getKeyIdentifier();
    }

    private static byte[] authorityKeyId(X509Certificate certificate) {
        return AuthorityKeyIdentifier.getInstance(extension(certificate, Extension.authorityKeyIdentifier.getId()))
                .getKeyIdentifierOctets();
    }

    private static byte[] extension(X509Certificate certificate, String oid) {
        return ASN1OctetString.getInstance(certificate.getExtensionValue(oid)).getOctets();
    }

    /** The JDK's PKIX validation of the one-certificate path, with the CA as the trust anchor. */
    private static void pkixValidate(X509Certificate device, IotCertificate ca) throws Exception {
        PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(ca.x509(), null)));
        parameters.setRevocationEnabled(false);
        parameters.setDate(Date.from(NOW.plusSeconds(60)));
        CertPathValidator.getInstance("PKIX")
                .validate(CertificateFactory.getInstance("X.509").generateCertPath(List.of(device)), parameters);
    }
}

package io.iotdm.x509;

import static io.iotdm.x509.Refusals.assertRefused;
import static io.iotdm.x509.Refusals.refusal;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PemTest {

    private static final String DEVICE_SUBJECT = "CN=lamp-1, O=IoT Devices";
    private static final String CA_SUBJECT = "CN=Test CA, O=Example";

    private static String devicePem() {
        return TestPki.certificate(DEVICE_SUBJECT, TestPki.p256(), CA_SUBJECT, TestPki.rsa2048(), false);
    }

    @Test
    void certificateIsTheJdksCertificateWithAwsId() throws Exception {
        String pem = devicePem();
        IotCertificate certificate = Pem.certificate("certificatePem", pem);

        byte[] der = TestPki.jdk(pem).getEncoded();
        assertThat(certificate.x509()).isEqualTo(TestPki.jdk(pem));
        assertThat(certificate.certificateId())
                .hasSize(64)
                .matches("[0-9a-f]{64}")
                .isEqualTo(HexFormat.of()
                        .formatHex(MessageDigest.getInstance("SHA-256").digest(der)));
        assertThat(certificate.pem()).isEqualTo(pem);
        assertThat(certificate.der()).isEqualTo(der);
        assertThat(certificate.subject()).isEqualTo(TestPki.jdk(pem).getSubjectX500Principal());
        assertThat(certificate.issuer()).isEqualTo(TestPki.jdk(pem).getIssuerX500Principal());
        assertThat(certificate.notBefore()).isEqualTo(TestPki.YEAR_AGO);
        assertThat(certificate.notAfter()).isEqualTo(TestPki.IN_A_YEAR);
        assertThat(certificate.isCa()).isFalse();
    }

    @Test
    void certificateIdIsOpensslsSha256Fingerprint(@TempDir Path dir) {
        IotCertificate certificate = Pem.certificate("certificatePem", devicePem());
        Openssl.write(dir.resolve("device.pem"), certificate.pem());

        String fingerprint = Openssl.run(dir, "x509", "-in", "device.pem", "-noout", "-fingerprint", "-sha256");

        assertThat(fingerprint
                        .trim()
                        .replaceFirst("(?i)^sha256 fingerprint=", "")
                        .replace(":", "")
                        .toLowerCase())
                .isEqualTo(certificate.certificateId());
    }

    @Test
    void textAroundTheBlockAndCrLfAreAccepted() {
        String pem = devicePem();
        String decorated =
                "Certificate:\r\n    Data: (openssl x509 -text)\r\n" + pem.replace("\n", "\r\n") + "trailer\n";
        assertThat(Pem.certificate("certificatePem", decorated).pem()).isEqualTo(pem);
    }

    @Test
    void chainKeepsItsOrder() {
        KeyPair root = TestPki.rsa2048();
        String rootPem = TestPki.selfSignedCa(CA_SUBJECT, root);
        String device = devicePem();

        List<IotCertificate> chain = Pem.certificates("certificatePem", device + rootPem);

        assertThat(chain).extracting(IotCertificate::pem).containsExactly(device, rootPem);
        assertThat(chain.get(0).isIssuedBy(chain.get(1))).isTrue();
        assertThat(chain.get(1).isCa()).isTrue();
    }

    @Test
    void certificateRefusals() {
        String cert = devicePem();
        String body = cert.substring(cert.indexOf('\n') + 1, cert.indexOf("-----END"));
        String validation = "CertificateValidationException";
        String prefix = "The certificate is invalid: certificatePem ";

        assertRefused(
                () -> Pem.certificate("certificatePem", null),
                validation,
                prefix + "is empty; it takes PEM text (-----BEGIN CERTIFICATE----- ...)");
        assertRefused(
                () -> Pem.certificate("certificatePem", " \n"),
                validation,
                prefix + "is empty; it takes PEM text (-----BEGIN CERTIFICATE----- ...)");
        assertRefused(
                () -> Pem.certificate("certificatePem", "hello world"),
                validation,
                prefix + "holds no PEM block; it takes -----BEGIN CERTIFICATE----- ... -----END CERTIFICATE-----");
        assertRefused(
                () -> Pem.certificate("certificatePem", body),
                validation,
                prefix + "holds no PEM block; it takes -----BEGIN CERTIFICATE----- ... -----END CERTIFICATE-----");
        assertRefused(
                () -> Pem.certificate("certificatePem", cert.substring(0, cert.length() / 2)),
                validation,
                prefix + "is not valid PEM: -----END CERTIFICATE----- not found");
        assertRefused(
                () -> Pem.certificate("certificatePem", cert + cert),
                validation,
                prefix + "holds 2 certificates; it takes exactly one"
                        + " (-----BEGIN CERTIFICATE----- ... -----END CERTIFICATE-----)");
        assertRefused(
                () -> Pem.certificate("certificatePem", TestPki.csr("CN=x", TestPki.p256())),
                validation,
                prefix + "holds a certificate signing request, not a certificate (-----BEGIN CERTIFICATE-----)");
        assertRefused(
                () -> Pem.certificate(
                        "certificatePem",
                        TestPki.pem(
                                "PRIVATE KEY", TestPki.rsa2048().getPrivate().getEncoded())),
                validation,
                prefix + "holds a private key, not a certificate (-----BEGIN CERTIFICATE-----)");
        assertRefused(
                () -> Pem.certificate(
                        "certificatePem",
                        TestPki.pem("PUBLIC KEY", TestPki.p256().getPublic().getEncoded())),
                validation,
                prefix + "holds a public key, not a certificate (-----BEGIN CERTIFICATE-----)");
    }

    @Test
    void brokenBase64AndTruncatedDerAreRefused() {
        String cert = devicePem();
        String[] lines = cert.split("\n");
        // A line missing from the middle: the base64 still decodes, the DER inside is cut short.
        StringBuilder truncated = new StringBuilder();
        for (int i = 0; i < lines.length; i++) {
            if (i != 3) {
                truncated.append(lines[i]).append('\n');
            }
        }
        String brokenBase64 = cert.replaceFirst("\n[A-Za-z0-9+/]{10}", "\n*!*!*!*!*!");

        String tooShort = "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n";
        String prefix = "The certificate is invalid: certificatePem is not valid PEM: ";

        X509Exception cutShort = refusal(() -> Pem.certificate("certificatePem", truncated.toString()));
        assertThat(cutShort.errorShape().shapeName()).isEqualTo("CertificateValidationException");
        // The lengths in the message depend on the certificate's size.
        assertThat(cutShort.getMessage())
                .matches(Pattern.quote(prefix) + "corrupted stream - out of bounds length found: \\d+ >= \\d+");
        assertRefused(
                () -> Pem.certificate("certificatePem", brokenBase64),
                "CertificateValidationException",
                prefix + "invalid characters encountered in base64 data");
        assertRefused(
                () -> Pem.certificate("certificatePem", tooShort),
                "CertificateValidationException",
                prefix + "unexpected end-of-contents marker");
    }

    @Test
    void csrRefusalsAreInvalidRequest() {
        assertRefused(
                () -> Pem.certificateSigningRequest("certificateSigningRequest", ""),
                "InvalidRequestException",
                "The request is not valid: certificateSigningRequest is empty; it takes PEM text"
                        + " (-----BEGIN CERTIFICATE REQUEST----- ...)");
        assertRefused(
                () -> Pem.certificateSigningRequest("certificateSigningRequest", devicePem()),
                "InvalidRequestException",
                "The request is not valid: certificateSigningRequest holds a certificate, not a certificate signing"
                        + " request (-----BEGIN CERTIFICATE REQUEST-----)");
        String csr = TestPki.csr("CN=lamp-1", TestPki.p256());
        assertRefused(
                () -> Pem.certificateSigningRequest("certificateSigningRequest", csr + csr),
                "InvalidRequestException",
                "The request is not valid: certificateSigningRequest holds 2 PEM blocks; it takes exactly one");
    }

    @Test
    void privateKeysInEveryUnencryptedForm(@TempDir Path dir) {
        KeyPair rsa = TestPki.rsa2048();
        PrivateKey pkcs8 = Pem.privateKey(
                "key", TestPki.pem("PRIVATE KEY", rsa.getPrivate().getEncoded()));
        assertThat(pkcs8.getEncoded()).isEqualTo(rsa.getPrivate().getEncoded());

        Openssl.run(dir, "ecparam", "-name", "prime256v1", "-genkey", "-out", "ec.pem");
        PrivateKey ec = Pem.privateKey("key", Openssl.read(dir.resolve("ec.pem")));
        assertThat(ec.getAlgorithm()).isEqualTo("EC");

        Openssl.run(dir, "genrsa", "-traditional", "-out", "rsa.pem", "2048");
        assertThat(Openssl.read(dir.resolve("rsa.pem"))).startsWith("-----BEGIN RSA PRIVATE KEY-----");
        assertThat(Pem.privateKey("key", Openssl.read(dir.resolve("rsa.pem"))).getAlgorithm())
                .isEqualTo("RSA");
    }

    @Test
    void privateKeyRefusals(@TempDir Path dir) {
        Openssl.run(
                dir,
                "genpkey",
                "-algorithm",
                "EC",
                "-pkeyopt",
                "ec_paramgen_curve:P-256",
                "-aes256",
                "-pass",
                "pass:secret-secret",
                "-out",
                "encrypted.pem");
        assertRefused(
                () -> Pem.privateKey("key", Openssl.read(dir.resolve("encrypted.pem"))),
                "InvalidRequestException",
                "The request is not valid: key holds an encrypted private key; give it unencrypted");
        assertRefused(
                () -> Pem.privateKey("key", devicePem()),
                "InvalidRequestException",
                "The request is not valid: key holds a certificate, not a private key (-----BEGIN PRIVATE KEY-----)");
    }
}

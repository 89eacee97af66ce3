package io.iotdm.x509;

import static io.iotdm.x509.Refusals.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CaRegistrationTest {

    private static final String CA_SUBJECT = "CN=Fleet CA, O=Example";
    private static final Instant NOW = TestPki.NOW;

    private static IotCertificate cert(String member, String pem) {
        return Pem.certificate(member, pem);
    }

    @Test
    void registrationCodesAre64LowerCaseHexDigitsAndNew() {
        String code = CaRegistration.newRegistrationCode();
        assertThat(code).matches("[0-9a-f]{64}");
        assertThat(CaRegistration.newRegistrationCode()).isNotEqualTo(code);
    }

    @Test
    void caCertificateMustBeACa() {
        KeyPair key = TestPki.p256();
        CaRegistration.checkCaCertificate(cert("caCertificate", TestPki.selfSignedCa(CA_SUBJECT, key)), NOW);

        IotCertificate notCa = cert("caCertificate", TestPki.certificate(CA_SUBJECT, key, CA_SUBJECT, key, false));
        assertRefused(
                () -> CaRegistration.checkCaCertificate(notCa, NOW),
                "CertificateValidationException",
                "The certificate is invalid: caCertificate is not a CA certificate: it has no basicConstraints"
                        + " extension with CA:TRUE");
        IotCertificate expired = cert(
                "caCertificate",
                TestPki.certificate(
                        CA_SUBJECT,
                        key,
                        CA_SUBJECT,
                        key,
                        TestPki.YEAR_AGO,
                        NOW.minusSeconds(1),
                        true,
                        "SHA256withECDSA"));
        assertRefused(
                () -> CaRegistration.checkCaCertificate(expired, NOW),
                "CertificateValidationException",
                "The certificate is invalid: caCertificate has expired: its validity ended at 2026-06-01T11:59:59Z"
                        + " (now is 2026-06-01T12:00:00Z)");
    }

    @Test
    void verificationCertificateCarriesTheCodeAndIsSignedByTheCasKey() {
        KeyPair caKey = TestPki.rsa2048();
        IotCertificate ca = cert("caCertificate", TestPki.selfSignedCa(CA_SUBJECT, caKey));
        String code = CaRegistration.newRegistrationCode();
        IotCertificate verification = cert(
                "verificationCertificate", TestPki.certificate("CN=" + code, TestPki.p256(), CA_SUBJECT, caKey, false));

        CaRegistration.checkVerificationCertificate(verification, ca, code, NOW);
        CaRegistration.checkVerificationCertificate(verification, ca, code.toUpperCase(), NOW);
    }

    @Test
    void verificationRefusals() {
        KeyPair caKey = TestPki.rsa2048();
        IotCertificate ca = cert("caCertificate", TestPki.selfSignedCa(CA_SUBJECT, caKey));
        String code = CaRegistration.newRegistrationCode();
        IotCertificate otherCode = cert(
                "verificationCertificate",
                TestPki.certificate("CN=0123, O=Example", TestPki.p256(), CA_SUBJECT, caKey, false));
        IotCertificate noCn = cert(
                "verificationCertificate", TestPki.certificate("O=Example", TestPki.p256(), CA_SUBJECT, caKey, false));
        IotCertificate otherKey = cert(
                "verificationCertificate",
                TestPki.certificate("CN=" + code, TestPki.p256(), CA_SUBJECT, TestPki.p256(), false));

        assertRefused(
                () -> CaRegistration.checkVerificationCertificate(otherCode, ca, code, NOW),
                "RegistrationCodeValidationException",
                "The registration code is invalid: the common name (CN) of verificationCertificate's subject is 0123,"
                        + " not this account's registration code (GetRegistrationCode)");
        assertRefused(
                () -> CaRegistration.checkVerificationCertificate(noCn, ca, code, NOW),
                "RegistrationCodeValidationException",
                "The registration code is invalid: the common name (CN) of verificationCertificate's subject is"
                        + " missing, not this account's registration code (GetRegistrationCode)");
        assertRefused(
                () -> CaRegistration.checkVerificationCertificate(otherKey, ca, code, NOW),
                "CertificateValidationException",
                "The certificate is invalid: verificationCertificate was not signed with the private key of"
                        + " caCertificate: its signature does not verify with the public key of the CA "
                        + ca.certificateId());
    }

    /** AWS's documented flow: the CA and the verification certificate made with openssl. */
    @Test
    void opensslMadeCaAndVerificationCertificate(@TempDir Path dir) {
        String code = CaRegistration.newRegistrationCode();
        Openssl.run(
                dir,
                "req",
                "-x509",
                "-new",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-keyout",
                "root.key",
                "-sha256",
                "-days",
                "365",
                "-subj",
                "/O=Example/CN=Fleet root",
                "-addext",
                "basicConstraints=critical,CA:TRUE",
                "-out",
                "root.pem");
        Openssl.run(
                dir,
                "req",
                "-new",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-keyout",
                "verification.key",
                "-subj",
                "/CN=" + code,
                "-out",
                "verification.csr");
        Openssl.run(
                dir,
                "x509",
                "-req",
                "-in",
                "verification.csr",
                "-CA",
                "root.pem",
                "-CAkey",
                "root.key",
                "-CAcreateserial",
                "-days",
                "30",
                "-sha256",
                "-out",
                "verification.pem");
        IotCertificate ca = cert("caCertificate", Openssl.read(dir.resolve("root.pem")));
        IotCertificate verification = cert("verificationCertificate", Openssl.read(dir.resolve("verification.pem")));

        Instant now = Instant.now();
        CaRegistration.checkCaCertificate(ca, now);
        CaRegistration.checkVerificationCertificate(verification, ca, code, now);
        assertThat(ca.isCa()).isTrue();
    }
}

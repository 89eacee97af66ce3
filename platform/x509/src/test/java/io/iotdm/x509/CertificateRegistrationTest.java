package io.iotdm.x509;

import static io.iotdm.x509.Refusals.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPair;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CertificateRegistrationTest {

    private static final String CA_SUBJECT =
            "O=Example, CN=Fleet CA"; // DER order, as openssl -subj /O=Example/CN=Fleet CA
    private static final String VALIDATION = "CertificateValidationException";
    private static final Instant NOW = TestPki.NOW;

    private static IotCertificate cert(String pem) {
        return Pem.certificate("certificatePem", pem);
    }

    @Test
    void acceptsAValidCertificateOfAnAcceptedKey() {
        KeyPair ca = TestPki.rsa2048();
        CertificateRegistration.checkCertificate(
                cert(TestPki.certificate("CN=lamp-1", TestPki.p256(), CA_SUBJECT, ca, false)), NOW);
        CertificateRegistration.checkCertificate(
                cert(TestPki.certificate("CN=lamp-1", TestPki.ec("secp521r1"), CA_SUBJECT, TestPki.p256(), false)),
                NOW);
    }

    @Test
    void refusesOutsideItsValidityAWeakKeyAndAWeakSignature() {
        KeyPair ca = TestPki.rsa2048();
        IotCertificate expired = cert(TestPki.certificate(
                "CN=lamp-1",
                TestPki.p256(),
                CA_SUBJECT,
                ca,
                TestPki.YEAR_AGO,
                NOW.minusSeconds(1),
                false,
                "SHA256withRSA"));
        IotCertificate future = cert(TestPki.certificate(
                "CN=lamp-1",
                TestPki.p256(),
                CA_SUBJECT,
                ca,
                NOW.plusSeconds(1),
                TestPki.IN_A_YEAR,
                false,
                "SHA256withRSA"));
        IotCertificate weakKey = cert(TestPki.certificate("CN=lamp-1", TestPki.rsa(1024), CA_SUBJECT, ca, false));
        IotCertificate sha1 = cert(TestPki.certificate(
                "CN=lamp-1",
                TestPki.p256(),
                CA_SUBJECT,
                ca,
                TestPki.YEAR_AGO,
                TestPki.IN_A_YEAR,
                false,
                "SHA1withRSA"));

        assertRefused(
                () -> CertificateRegistration.checkCertificate(expired, NOW),
                VALIDATION,
                "The certificate is invalid: certificatePem has expired: its validity ended at 2026-06-01T11:59:59Z"
                        + " (now is 2026-06-01T12:00:00Z)");
        assertRefused(
                () -> CertificateRegistration.checkCertificate(future, NOW),
                VALIDATION,
                "The certificate is invalid: certificatePem is not valid yet: its validity starts at"
                        + " 2026-06-01T12:00:01Z (now is 2026-06-01T12:00:00Z)");
        assertRefused(
                () -> CertificateRegistration.checkCertificate(weakKey, NOW),
                VALIDATION,
                "The certificate is invalid: certificatePem: the key is RSA-1024; AWS IoT needs an RSA key of at least"
                        + " 2048 bits or an EC key on P-256, P-384 or P-521");
        assertRefused(
                () -> CertificateRegistration.checkCertificate(sha1, NOW),
                VALIDATION,
                "The certificate is invalid: certificatePem: it is signed with SHA1WITHRSA; AWS IoT accepts"
                        + " ECDSA-WITH-SHA256, ECDSA-WITH-SHA384, ECDSA-WITH-SHA512, RSASSAPSS, SHA256WITHRSA,"
                        + " SHA384WITHRSA, SHA512WITHRSA");
    }

    @Test
    void checkIssuedByTheCaOfCaCertificatePem() {
        KeyPair caKey = TestPki.rsa2048();
        KeyPair otherKey = TestPki.p256();
        IotCertificate ca = cert(TestPki.selfSignedCa(CA_SUBJECT, caKey));
        IotCertificate otherCaSameSubject = cert(TestPki.selfSignedCa(CA_SUBJECT, otherKey));
        IotCertificate otherCa = cert(TestPki.selfSignedCa("CN=Other CA", otherKey));
        IotCertificate device = cert(TestPki.certificate("CN=lamp-1", TestPki.p256(), CA_SUBJECT, caKey, false));

        CertificateRegistration.checkIssuedBy(device, ca, NOW);
        assertRefused(
                () -> CertificateRegistration.checkIssuedBy(device, otherCaSameSubject, NOW),
                VALIDATION,
                "The certificate is invalid: certificatePem was not issued by the CA of caCertificatePem: its"
                        + " signature does not verify with the public key of the CA "
                        + otherCaSameSubject.certificateId());
        assertRefused(
                () -> CertificateRegistration.checkIssuedBy(device, otherCa, NOW),
                VALIDATION,
                "The certificate is invalid: certificatePem was not issued by the CA of caCertificatePem: its issuer"
                        + " is CN=Fleet CA,O=Example, not the CA's subject CN=Other CA");
    }

    @Test
    void issuingCaIsPickedAmongCasOfOneSubjectBySignature() {
        KeyPair firstKey = TestPki.rsa2048();
        KeyPair secondKey = TestPki.p256();
        IotCertificate first = cert(TestPki.selfSignedCa(CA_SUBJECT, firstKey));
        IotCertificate second = cert(TestPki.selfSignedCa(CA_SUBJECT, secondKey));
        IotCertificate bySecond = cert(TestPki.certificate("CN=lamp-1", TestPki.p256(), CA_SUBJECT, secondKey, false));

        assertThat(first.subjectKey()).isEqualTo(second.subjectKey()).isEqualTo(bySecond.issuerKey());
        assertThat(CertificateRegistration.issuingCa(bySecond, List.of(first, second), NOW))
                .isEqualTo(second);
    }

    @Test
    void casSharingSubjectAndKeyAreAConflict() {
        KeyPair key = TestPki.p256();
        IotCertificate first = cert(TestPki.selfSignedCa(CA_SUBJECT, key));
        IotCertificate renewed = cert(TestPki.certificate(
                CA_SUBJECT,
                key,
                CA_SUBJECT,
                key,
                TestPki.YEAR_AGO,
                TestPki.IN_A_YEAR.plusSeconds(86400),
                true,
                "SHA256withECDSA"));
        IotCertificate device = cert(TestPki.certificate("CN=lamp-1", TestPki.p256(), CA_SUBJECT, key, false));

        assertRefused(
                () -> CertificateRegistration.issuingCa(device, List.of(first, renewed), NOW),
                "CertificateConflictException",
                "Unable to verify the CA certificate used to sign the device certificate you are attempting to"
                        + " register. This happens when you have registered more than one CA certificate that has the"
                        + " same subject field and public key: 2 registered CA certificates with the subject"
                        + " CN=Fleet CA,O=Example verify its signature; name the one that signed it in"
                        + " caCertificatePem");
    }

    @Test
    void noRegisteredIssuerAndAnExpiredIssuerAreRefused() {
        KeyPair key = TestPki.p256();
        IotCertificate device = cert(TestPki.certificate("CN=lamp-1", TestPki.p256(), CA_SUBJECT, key, false));
        IotCertificate expiredCa = cert(TestPki.certificate(
                CA_SUBJECT, key, CA_SUBJECT, key, TestPki.YEAR_AGO, NOW.minusSeconds(60), true, "SHA256withECDSA"));

        assertRefused(
                () -> CertificateRegistration.issuingCa(device, List.of(), NOW),
                VALIDATION,
                "The certificate is invalid: certificatePem was not issued by a registered CA certificate (its issuer"
                        + " is CN=Fleet CA,O=Example); register the CA first, or use RegisterCertificateWithoutCA");
        assertRefused(
                () -> CertificateRegistration.issuingCa(device, List.of(expiredCa), NOW),
                VALIDATION,
                "The certificate is invalid: the registered CA certificate " + expiredCa.certificateId()
                        + " has expired: its validity ended at 2026-06-01T11:59:00Z (now is 2026-06-01T12:00:00Z)");
    }
}

package io.iotdm.provisioning.certificate;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Date;
import org.bouncycastle.asn1.pkcs.CertificationRequest;
import org.bouncycastle.asn1.pkcs.CertificationRequestInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/**
 * Keys, certificates and CSRs made with Bouncy Castle and the JDK directly (not with platform/x509, which the service
 * uses), and the certificate operations' calls.
 */
final class TestCertificates {

    private TestCertificates() {}

    static KeyPair rsa(int bits) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(bits);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    /** EC P-256: made in a millisecond, so each test certificate gets a key of its own. */
    static KeyPair p256() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    private static String signatureAlgorithm(KeyPair key) {
        return "RSA".equals(key.getPrivate().getAlgorithm()) ? "SHA256withRSA" : "SHA256withECDSA";
    }

    /** A self-signed device certificate valid from {@code notBefore} to {@code notAfter}. */
    static String selfSigned(String subject, Instant notBefore, Instant notAfter) {
        KeyPair key = p256();
        try {
            return pem(
                    "CERTIFICATE",
                    new JcaX509v3CertificateBuilder(
                                    new X500Name(subject),
                                    BigInteger.valueOf(System.nanoTime()),
                                    Date.from(notBefore),
                                    Date.from(notAfter),
                                    new X500Name(subject),
                                    key.getPublic())
                            .build(new JcaContentSignerBuilder(signatureAlgorithm(key)).build(key.getPrivate()))
                            .getEncoded());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** A self-signed device certificate valid for a year from a day ago. */
    static String selfSigned(String subject) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        return selfSigned(subject, now.minus(1, ChronoUnit.DAYS), now.plus(365, ChronoUnit.DAYS));
    }

    static PKCS10CertificationRequest csrStructure(String subject, KeyPair key) {
        try {
            return new JcaPKCS10CertificationRequestBuilder(new X500Name(subject), key.getPublic())
                    .build(new JcaContentSignerBuilder(signatureAlgorithm(key)).build(key.getPrivate()));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static String csr(String subject, KeyPair key) {
        try {
            return pem("CERTIFICATE REQUEST", csrStructure(subject, key).getEncoded());
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    /** The CSR of {@code subject} with another subject put in after signing: its signature no longer verifies. */
    static String alteredCsr(String subject, String alteredSubject, KeyPair key) {
        try {
            CertificationRequest signed = csrStructure(subject, key).toASN1Structure();
            CertificationRequestInfo altered = new CertificationRequestInfo(
                    new X500Name(alteredSubject),
                    SubjectPublicKeyInfo.getInstance(key.getPublic().getEncoded()),
                    signed.getCertificationRequestInfo().getAttributes());
            return pem(
                    "CERTIFICATE REQUEST",
                    new CertificationRequest(altered, signed.getSignatureAlgorithm(), signed.getSignature())
                            .getEncoded());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der) + "\n-----END " + label + "-----\n";
    }

    /** The JDK's own parse of PEM text. */
    static X509Certificate jdk(String pem) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    /** AWS's certificateId: the SHA-256 of the DER, in lower-case hex. */
    static String idOf(String pem) {
        try {
            return java.util.HexFormat.of()
                    .formatHex(
                            java.security.MessageDigest.getInstance("SHA-256").digest(jdk(pem).getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    static ValidatableResponse fromCsr(String csr, boolean setAsActive) {
        return given().contentType(ContentType.JSON)
                .queryParam("setAsActive", setAsActive)
                .body(JsonNodeFactory.instance
                        .objectNode()
                        .put("certificateSigningRequest", csr)
                        .toString())
                .post("/certificates")
                .then();
    }

    /** @param status {@code null} for none */
    static ValidatableResponse registerWithoutCa(String certificatePem, String status) {
        var body = JsonNodeFactory.instance.objectNode().put("certificatePem", certificatePem);
        if (status != null) {
            body.put("status", status);
        }
        return given().contentType(ContentType.JSON)
                .body(body.toString())
                .post("/certificate/register-no-ca")
                .then();
    }

    /** @return the id of a new self-signed certificate registered without a CA */
    static String registered(String status) {
        return registerWithoutCa(selfSigned("CN=device-" + System.nanoTime()), status)
                .statusCode(200)
                .extract()
                .path("certificateId");
    }

    static ValidatableResponse describe(String certificateId) {
        return given().get("/certificates/" + certificateId).then();
    }

    static ValidatableResponse update(String certificateId, String newStatus) {
        return given().queryParam("newStatus", newStatus)
                .put("/certificates/" + certificateId)
                .then();
    }

    static ValidatableResponse delete(String certificateId, boolean forceDelete) {
        return given().queryParam("forceDelete", forceDelete)
                .delete("/certificates/" + certificateId)
                .then();
    }
}

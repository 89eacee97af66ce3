package io.iotdm.x509;

import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.Certificate;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;

/**
 * An X.509 certificate as AWS IoT keeps it: the DER, its {@link #certificateId()}, the PEM it is answered as, the
 * validity {@code DescribeCertificate} reports, and the subject and issuer by which CAs are matched. Immutable and
 * safe to share.
 */
public final class IotCertificate {

    private static final HexFormat HEX = HexFormat.of();

    private final X509Certificate x509;
    private final Certificate structure;
    private final byte[] der;
    private final String certificateId;

    private IotCertificate(X509Certificate x509, Certificate structure, byte[] der) {
        this.x509 = x509;
        this.structure = structure;
        this.der = der;
        this.certificateId = HEX.formatHex(sha256(der));
    }

    /** A certificate the JDK has already parsed, for example one a TLS client presented. */
    public static IotCertificate of(X509Certificate certificate) {
        try {
            return decode("certificate", certificate.getEncoded());
        } catch (CertificateEncodingException e) {
            throw X509Exception.certificateValidation("the certificate cannot be encoded: " + Pem.reason(e));
        }
    }

    /** Parses DER with the JDK's own X.509 parser, so that what iotdm accepts is what a JDK TLS stack accepts. */
    static IotCertificate decode(String member, byte[] der) {
        try {
            X509Certificate x509 = (X509Certificate)
                    CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
            return new IotCertificate(x509, Certificate.getInstance(der), der.clone());
        } catch (GeneralSecurityException | RuntimeException e) {
            throw X509Exception.certificateValidation(member + " is not an X.509 certificate: " + Pem.reason(e));
        }
    }

    /**
     * AWS's {@code certificateId}: the SHA-256 of the DER in 64 lower-case hex digits (docs/aws-behaviour.md §6.1).
     * The same certificate always has the same id, which is how a second registration is found out.
     */
    public String certificateId() {
        return certificateId;
    }

    /** The certificate as PEM: one block, base64 in lines of 64 characters, ending with a newline. */
    public String pem() {
        return Pem.encode("CERTIFICATE", der);
    }

    /** The DER encoding (a copy). */
    public byte[] der() {
        return der.clone();
    }

    /** The JDK's view of the certificate, e.g. for a trust store or the policy variables. */
    public X509Certificate x509() {
        return x509;
    }

    /** {@code validity.notBefore} of DescribeCertificate. */
    public Instant notBefore() {
        return x509.getNotBefore().toInstant();
    }

    /** {@code validity.notAfter} of DescribeCertificate. */
    public Instant notAfter() {
        return x509.getNotAfter().toInstant();
    }

    public X500Principal subject() {
        return x509.getSubjectX500Principal();
    }

    public X500Principal issuer() {
        return x509.getIssuerX500Principal();
    }

    /**
     * The subject in a canonical form (RFC 2253, case and spacing folded), for finding the registered CAs that share a
     * subject: RegisterCertificate looks a certificate's {@link #issuerKey()} up among them, and RegisterCACertificate
     * counts them (at most 10 per subject, docs/aws-behaviour.md §6.2).
     */
    public String subjectKey() {
        return subject().getName(X500Principal.CANONICAL);
    }

    /** The issuer in the canonical form of {@link #subjectKey()}. */
    public String issuerKey() {
        return issuer().getName(X500Principal.CANONICAL);
    }

    /** Whether the certificate may sign certificates: basicConstraints with CA:TRUE. */
    public boolean isCa() {
        return x509.getBasicConstraints() >= 0;
    }

    /** Whether {@code ca} issued this certificate: the issuer is the CA's subject and the CA's key verifies it. */
    public boolean isIssuedBy(IotCertificate ca) {
        return whyNotIssuedBy(ca).isEmpty();
    }

    /** Why {@code ca} did not issue this certificate, or empty when it did. */
    Optional<String> whyNotIssuedBy(IotCertificate ca) {
        if (!issuerKey().equals(ca.subjectKey())) {
            return Optional.of("its issuer is " + issuer().getName() + ", not the CA's subject "
                    + ca.subject().getName());
        }
        try {
            x509.verify(ca.x509.getPublicKey());
            return Optional.empty();
        } catch (GeneralSecurityException | RuntimeException e) {
            // The JDK's providers answer a signature of the wrong shape with unchecked exceptions (ProviderException,
            // IllegalArgumentException); either way the CA's key did not sign this certificate.
            return Optional.of("its signature does not verify with the public key of the CA " + ca.certificateId);
        }
    }

    /**
     * Why AWS IoT would not accept this certificate at {@code now}: outside its validity, a key AWS does not accept,
     * or a signature algorithm AWS does not accept (docs/aws-behaviour.md §6.1). {@code member} names it in the
     * message.
     */
    void checkUsable(String member, Instant now) {
        if (now.isBefore(notBefore())) {
            throw X509Exception.certificateValidation(
                    member + " is not valid yet: its validity starts at " + notBefore() + " (now is " + now + ")");
        }
        if (now.isAfter(notAfter())) {
            throw X509Exception.certificateValidation(
                    member + " has expired: its validity ended at " + notAfter() + " (now is " + now + ")");
        }
        KeyRules.keyProblem(publicKeyInfo()).ifPresent(problem -> {
            throw X509Exception.certificateValidation(member + ": " + problem);
        });
        KeyRules.signatureAlgorithmProblem(signatureAlgorithm()).ifPresent(problem -> {
            throw X509Exception.certificateValidation(member + ": " + problem);
        });
    }

    SubjectPublicKeyInfo publicKeyInfo() {
        return structure.getSubjectPublicKeyInfo();
    }

    AlgorithmIdentifier signatureAlgorithm() {
        return structure.getSignatureAlgorithm();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof IotCertificate that && certificateId.equals(that.certificateId);
    }

    @Override
    public int hashCode() {
        return certificateId.hashCode();
    }

    @Override
    public String toString() {
        return "IotCertificate[" + certificateId + ", " + subject().getName() + "]";
    }

    static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}

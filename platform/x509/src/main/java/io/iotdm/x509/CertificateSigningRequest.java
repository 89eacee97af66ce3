package io.iotdm.x509;

import java.io.IOException;
import java.security.PublicKey;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCSException;

/**
 * A CSR that CreateCertificateFromCsr (and RegisterThing's certificate resource) may sign: its key is an RSA key of at
 * least 2048 bits or an EC key on P-256, P-384 or P-521, and its own signature verifies with that key, which proves
 * that the requester holds the private key (docs/aws-behaviour.md §6.1). Made by {@link
 * Pem#certificateSigningRequest}; the {@link IssuingCa} carries its subject into the certificate.
 */
public final class CertificateSigningRequest {

    private final X500Principal subject;
    private final PublicKey publicKey;
    private final String keyDescription;

    private CertificateSigningRequest(X500Principal subject, PublicKey publicKey, String keyDescription) {
        this.subject = subject;
        this.publicKey = publicKey;
        this.keyDescription = keyDescription;
    }

    static CertificateSigningRequest check(String member, PKCS10CertificationRequest request) {
        SubjectPublicKeyInfo key = request.getSubjectPublicKeyInfo();
        KeyRules.keyProblem(key).ifPresent(problem -> {
            throw X509Exception.invalidRequest(member + ": " + problem);
        });
        if (!signatureVerifies(request)) {
            throw X509Exception.invalidRequest(member
                    + ": the CSR's signature does not verify with the public key it carries (altered after signing,"
                    + " or signed with another key)");
        }
        try {
            return new CertificateSigningRequest(
                    new X500Principal(request.getSubject().getEncoded()),
                    new JcaPEMKeyConverter().getPublicKey(key),
                    KeyRules.describe(key));
        } catch (IOException | RuntimeException e) {
            throw X509Exception.invalidRequest(member + ": the CSR's subject or key cannot be read: " + Pem.reason(e));
        }
    }

    private static boolean signatureVerifies(PKCS10CertificationRequest request) {
        try {
            return request.isSignatureValid(
                    new JcaContentVerifierProviderBuilder().build(request.getSubjectPublicKeyInfo()));
        } catch (OperatorCreationException | PKCSException | RuntimeException e) {
            // A key or signature the providers cannot even process does not verify either.
            return false;
        }
    }

    /** The subject the certificate is issued to, as the CSR names it. */
    public X500Principal subject() {
        return subject;
    }

    public PublicKey publicKey() {
        return publicKey;
    }

    @Override
    public String toString() {
        return "CertificateSigningRequest[" + subject.getName() + ", " + keyDescription + "]";
    }
}

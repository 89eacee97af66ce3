package io.iotdm.x509;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * The X.509 checks of RegisterCertificate and RegisterCertificateWithoutCA (docs/aws-behaviour.md §6.1). Which CAs
 * are registered, ACTIVE and in which mode is the caller's business; this class answers whether a certificate is
 * acceptable and which of the given CAs issued it.
 */
public final class CertificateRegistration {

    private CertificateRegistration() {}

    /**
     * Both operations: the certificate ({@code certificatePem}) is within its validity at {@code now}, has a key AWS
     * accepts, and is signed with an algorithm AWS accepts. Otherwise CertificateValidationException.
     */
    public static void checkCertificate(IotCertificate certificate, Instant now) {
        certificate.checkUsable("certificatePem", now);
    }

    /**
     * RegisterCertificate with {@code caCertificatePem}: the certificate was issued by that CA (its issuer is the CA's
     * subject and the CA's key verifies its signature) and the CA is itself within its validity. Otherwise
     * CertificateValidationException.
     */
    public static void checkIssuedBy(IotCertificate certificate, IotCertificate ca, Instant now) {
        ca.checkUsable("caCertificatePem", now);
        certificate.whyNotIssuedBy(ca).ifPresent(problem -> {
            throw X509Exception.certificateValidation(
                    "certificatePem was not issued by the CA of caCertificatePem: " + problem);
        });
    }

    /**
     * RegisterCertificate without {@code caCertificatePem}: the one CA among {@code registeredCas} (those whose subject
     * is the certificate's issuer, see {@link IotCertificate#issuerKey()}) whose key verifies the certificate's
     * signature. Several CAs of one subject are told apart by their keys; when more than one verifies (they share the
     * key too), AWS's CertificateConflictException asks for {@code caCertificatePem}. None: CertificateValidationException.
     */
    public static IotCertificate issuingCa(
            IotCertificate certificate, Collection<IotCertificate> registeredCas, Instant now) {
        List<IotCertificate> issuers = registeredCas.stream()
                .filter(certificate::isIssuedBy)
                .distinct()
                .toList();
        if (issuers.isEmpty()) {
            throw X509Exception.certificateValidation(
                    "certificatePem was not issued by a registered CA certificate (its"
                            + " issuer is " + certificate.issuer().getName() + "); register the CA first, or use"
                            + " RegisterCertificateWithoutCA");
        }
        if (issuers.size() > 1) {
            throw X509Exception.certificateConflict(issuers.size() + " registered CA certificates with the subject "
                    + certificate.issuer().getName() + " verify its signature; name the one that signed it in"
                    + " caCertificatePem");
        }
        IotCertificate ca = issuers.getFirst();
        ca.checkUsable("the registered CA certificate " + ca.certificateId(), now);
        return ca;
    }
}

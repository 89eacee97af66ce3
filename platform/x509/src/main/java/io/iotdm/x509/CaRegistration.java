package io.iotdm.x509;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;

/**
 * The X.509 side of GetRegistrationCode and RegisterCACertificate (docs/aws-behaviour.md §6.2): the registration code,
 * the CA certificate's own checks, and the verification certificate that proves the caller holds the CA's key.
 */
public final class CaRegistration {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final HexFormat HEX = HexFormat.of();

    private CaRegistration() {}

    /** A new registration code: 64 lower-case hex digits of 32 random bytes, as AWS's. */
    public static String newRegistrationCode() {
        byte[] code = new byte[32];
        RANDOM.nextBytes(code);
        return HEX.formatHex(code);
    }

    /**
     * {@code caCertificate}: a CA certificate (basicConstraints CA:TRUE) within its validity at {@code now}, with a key
     * and signature algorithm AWS accepts. Otherwise CertificateValidationException.
     */
    public static void checkCaCertificate(IotCertificate ca, Instant now) {
        if (!ca.isCa()) {
            throw X509Exception.certificateValidation(
                    "caCertificate is not a CA certificate: it has no basicConstraints extension with CA:TRUE");
        }
        ca.checkUsable("caCertificate", now);
    }

    /**
     * {@code verificationCertificate} (DEFAULT mode): its subject's common name is {@code registrationCode} (else
     * RegistrationCodeValidationException), it was issued by {@code ca}, i.e. signed with the CA's private key, and it
     * is within its validity (else CertificateValidationException). The code is hex, so its case does not matter.
     */
    public static void checkVerificationCertificate(
            IotCertificate verification, IotCertificate ca, String registrationCode, Instant now) {
        List<String> commonNames = commonNames(verification);
        if (commonNames.stream().noneMatch(registrationCode::equalsIgnoreCase)) {
            throw X509Exception.registrationCodeValidation("the common name (CN) of verificationCertificate's subject"
                    + (commonNames.isEmpty() ? " is missing" : " is " + String.join(", ", commonNames))
                    + ", not this account's registration code (GetRegistrationCode)");
        }
        verification.whyNotIssuedBy(ca).ifPresent(problem -> {
            throw X509Exception.certificateValidation(
                    "verificationCertificate was not signed with the private key of caCertificate: " + problem);
        });
        verification.checkUsable("verificationCertificate", now);
    }

    private static List<String> commonNames(IotCertificate certificate) {
        return Arrays.stream(
                        X500Name.getInstance(certificate.subject().getEncoded()).getRDNs(BCStyle.CN))
                .map(rdn -> IETFUtils.valueToString(rdn.getFirst().getValue()))
                .toList();
    }
}

package io.iotdm.x509;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * PEM text in and out. Every parse names the request member the text came from ({@code certificatePem},
 * {@code caCertificate}, ...) so that a refusal says where the problem is; anything that is not what the member needs
 * (empty text, no PEM block, broken base64, a truncated block, a key where a certificate belongs, an encrypted key) is
 * an {@link X509Exception} with the error AWS answers for that member: CertificateValidationException for
 * certificates (RegisterCertificate, RegisterCertificateWithoutCA and RegisterCACertificate list it), and
 * InvalidRequestException for CSRs (CreateCertificateFromCsr lists no other) and keys (docs/aws-behaviour.md §6.1).
 * Text before, between and after the PEM blocks is ignored, as openssl does (e.g. the output of {@code openssl x509
 * -text}).
 */
public final class Pem {

    private static final Base64.Encoder BASE64_LINES =
            Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));

    private Pem() {}

    /** Exactly one certificate: RegisterCertificate's {@code certificatePem} and {@code caCertificatePem}, ... */
    public static IotCertificate certificate(String member, String text) {
        List<IotCertificate> certificates = certificates(member, text);
        if (certificates.size() > 1) {
            throw X509Exception.certificateValidation(
                    member + " holds " + certificates.size()
                            + " certificates; it takes exactly one (-----BEGIN CERTIFICATE----- ... -----END CERTIFICATE-----)");
        }
        return certificates.getFirst();
    }

    /** One certificate or more, in the order given: a chain. */
    public static List<IotCertificate> certificates(String member, String text) {
        List<Object> blocks = read(member, text, "CERTIFICATE", X509Exception::certificateValidation);
        List<IotCertificate> certificates = new ArrayList<>(blocks.size());
        for (Object block : blocks) {
            if (!(block instanceof X509CertificateHolder holder)) {
                throw X509Exception.certificateValidation(
                        member + " holds " + describe(block) + ", not a certificate (-----BEGIN CERTIFICATE-----)");
            }
            certificates.add(IotCertificate.decode(member, encoded(holder)));
        }
        return certificates;
    }

    /**
     * A certificate signing request that AWS IoT would sign (CreateCertificateFromCsr's
     * {@code certificateSigningRequest}): its key is accepted and its own signature verifies.
     */
    public static CertificateSigningRequest certificateSigningRequest(String member, String text) {
        Object block = single(member, read(member, text, "CERTIFICATE REQUEST", X509Exception::invalidRequest));
        if (!(block instanceof PKCS10CertificationRequest request)) {
            throw X509Exception.invalidRequest(member + " holds " + describe(block)
                    + ", not a certificate signing request (-----BEGIN CERTIFICATE REQUEST-----)");
        }
        return CertificateSigningRequest.check(member, request);
    }

    /**
     * An unencrypted private key: PKCS#8 ({@code PRIVATE KEY}), PKCS#1 ({@code RSA PRIVATE KEY}) or SEC 1
     * ({@code EC PRIVATE KEY}, an {@code EC PARAMETERS} block before it is skipped).
     */
    public static PrivateKey privateKey(String member, String text) {
        List<Object> blocks = new ArrayList<>(read(member, text, "PRIVATE KEY", X509Exception::invalidRequest));
        blocks.removeIf(
                block -> block instanceof ASN1ObjectIdentifier); // openssl ecparam -genkey writes the curve first
        Object block = single(member, blocks);
        PrivateKeyInfo info;
        if (block instanceof PEMKeyPair pair) {
            info = pair.getPrivateKeyInfo();
        } else if (block instanceof PrivateKeyInfo plain) {
            info = plain;
        } else if (block instanceof PKCS8EncryptedPrivateKeyInfo || block instanceof PEMEncryptedKeyPair) {
            throw X509Exception.invalidRequest(member + " holds an encrypted private key; give it unencrypted");
        } else {
            throw X509Exception.invalidRequest(
                    member + " holds " + describe(block) + ", not a private key (-----BEGIN PRIVATE KEY-----)");
        }
        try {
            return new JcaPEMKeyConverter().getPrivateKey(info);
        } catch (IOException | RuntimeException e) {
            throw X509Exception.invalidRequest(member + " holds a private key that cannot be read: " + reason(e));
        }
    }

    /** The PEM text of a DER structure: the label, base64 in lines of 64, a final newline (as AWS answers PEM). */
    static String encode(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n" + BASE64_LINES.encodeToString(der) + "\n-----END " + label + "-----\n";
    }

    private static List<Object> read(
            String member, String text, String label, Function<String, X509Exception> refusal) {
        if (text == null || text.isBlank()) {
            throw refusal.apply(member + " is empty; it takes PEM text (-----BEGIN " + label + "----- ...)");
        }
        List<Object> blocks = new ArrayList<>();
        try (PEMParser parser = new PEMParser(new StringReader(text))) {
            for (Object block = parser.readObject(); block != null; block = parser.readObject()) {
                blocks.add(block);
            }
        } catch (IOException | RuntimeException e) {
            // Bouncy Castle reports broken base64 and truncated DER with assorted unchecked exceptions
            // (DecoderException, IllegalArgumentException, IllegalStateException): all of them mean bad input here.
            throw refusal.apply(member + " is not valid PEM: " + reason(e));
        }
        if (blocks.isEmpty()) {
            throw refusal.apply(member + " holds no PEM block; it takes -----BEGIN " + label + "----- ... -----END "
                    + label + "-----");
        }
        return blocks;
    }

    private static Object single(String member, List<Object> blocks) {
        if (blocks.size() != 1) {
            throw X509Exception.invalidRequest(
                    member + " holds " + blocks.size() + " PEM blocks; it takes exactly one");
        }
        return blocks.getFirst();
    }

    private static byte[] encoded(X509CertificateHolder holder) {
        try {
            return holder.getEncoded();
        } catch (IOException e) {
            throw new IllegalStateException("a parsed certificate cannot be encoded again", e);
        }
    }

    /** What a PEM block is, in the words of a refusal. */
    private static String describe(Object block) {
        return switch (block) {
            case X509CertificateHolder ignored -> "a certificate";
            case PKCS10CertificationRequest ignored -> "a certificate signing request";
            case PEMKeyPair ignored -> "a private key";
            case PrivateKeyInfo ignored -> "a private key";
            case PKCS8EncryptedPrivateKeyInfo ignored -> "an encrypted private key";
            case PEMEncryptedKeyPair ignored -> "an encrypted private key";
            case SubjectPublicKeyInfo ignored -> "a public key";
            case X509CRLHolder ignored -> "a certificate revocation list";
            case ASN1ObjectIdentifier ignored -> "EC parameters";
            default -> "a " + block.getClass().getSimpleName() + " block";
        };
    }

    /** The cause of a parse failure in a few words; the innermost message is the most specific. */
    static String reason(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String message = cause.getMessage() != null ? cause.getMessage() : e.getMessage();
        return message != null ? message : cause.getClass().getSimpleName();
    }
}

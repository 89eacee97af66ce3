package io.iotdm.x509;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import org.bouncycastle.asn1.pkcs.CertificationRequest;
import org.bouncycastle.asn1.pkcs.CertificationRequestInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/**
 * Keys, certificates and CSRs made directly with Bouncy Castle (not with the library under test), checked back with
 * the JDK's own {@link CertificateFactory}. Bouncy Castle's provider is used only for the curves the JDK no longer
 * has (secp256k1, P-224), and only here.
 */
final class TestPki {

    static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    static final Instant YEAR_AGO = NOW.minusSeconds(365L * 24 * 3600);
    static final Instant IN_A_YEAR = NOW.plusSeconds(365L * 24 * 3600);

    private static final Provider BC = new BouncyCastleProvider();
    private static KeyPair rsa2048;
    private static KeyPair p256;

    private TestPki() {}

    static KeyPair rsa(int bits) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(bits);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    /** One RSA-2048 key shared by the tests that do not care which key it is (generation costs ~50 ms). */
    static synchronized KeyPair rsa2048() {
        if (rsa2048 == null) {
            rsa2048 = rsa(2048);
        }
        return rsa2048;
    }

    static synchronized KeyPair p256() {
        if (p256 == null) {
            p256 = ec("secp256r1");
        }
        return p256;
    }

    static KeyPair ec(String curve) {
        try {
            boolean jdkCurve = curve.equals("secp256r1") || curve.equals("secp384r1") || curve.equals("secp521r1");
            KeyPairGenerator generator =
                    jdkCurve ? KeyPairGenerator.getInstance("EC") : KeyPairGenerator.getInstance("EC", BC);
            generator.initialize(new ECGenParameterSpec(curve));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    static KeyPair ed25519() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    static String signatureAlgorithm(KeyPair signer) {
        return switch (signer.getPrivate().getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            default -> "SHA256withECDSA";
        };
    }

    /** A certificate for {@code key} named {@code subject}, signed by {@code issuerKey} in the name of {@code issuer}. */
    static String certificate(
            String subject,
            KeyPair key,
            String issuer,
            KeyPair issuerKey,
            Instant notBefore,
            Instant notAfter,
            boolean ca,
            String signatureAlgorithm) {
        try {
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                    new X500Name(issuer),
                    BigInteger.valueOf(System.nanoTime()),
                    Date.from(notBefore),
                    Date.from(notAfter),
                    new X500Name(subject),
                    key.getPublic());
            if (ca) {
                builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            }
            JcaContentSignerBuilder signer = new JcaContentSignerBuilder(signatureAlgorithm);
            if (issuerKey.getPrivate().getClass().getName().contains("bouncycastle")) {
                signer.setProvider(BC);
            }
            return pem(
                    "CERTIFICATE",
                    builder.build(signer.build(issuerKey.getPrivate())).getEncoded());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static String certificate(String subject, KeyPair key, String issuer, KeyPair issuerKey, boolean ca) {
        return certificate(subject, key, issuer, issuerKey, YEAR_AGO, IN_A_YEAR, ca, signatureAlgorithm(issuerKey));
    }

    static String selfSignedCa(String subject, KeyPair key) {
        return certificate(subject, key, subject, key, true);
    }

    static String csr(String subject, KeyPair key) {
        try {
            return pem("CERTIFICATE REQUEST", csrStructure(subject, key).getEncoded());
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    static PKCS10CertificationRequest csrStructure(String subject, KeyPair key) {
        try {
            JcaContentSignerBuilder signer = new JcaContentSignerBuilder(signatureAlgorithm(key));
            if (key.getPrivate().getClass().getName().contains("bouncycastle")) {
                signer.setProvider(BC);
            }
            return new JcaPKCS10CertificationRequestBuilder(new X500Name(subject), key.getPublic())
                    .build(signer.build(key.getPrivate()));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** The CSR of {@code subject} with another subject put in after signing: its signature no longer verifies. */
    static String alteredCsr(String subject, String alteredSubject, KeyPair key) {
        try {
            CertificationRequest signed = csrStructure(subject, key).toASN1Structure();
            CertificationRequestInfo info = signed.getCertificationRequestInfo();
            CertificationRequestInfo altered = new CertificationRequestInfo(
                    new X500Name(alteredSubject),
                    SubjectPublicKeyInfo.getInstance(key.getPublic().getEncoded()),
                    info.getAttributes());
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
                    .generateCertificate(
                            new ByteArrayInputStream(pem.getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }
}

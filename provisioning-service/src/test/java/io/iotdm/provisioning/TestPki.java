package io.iotdm.provisioning;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.pkcs.CertificationRequest;
import org.bouncycastle.asn1.pkcs.CertificationRequestInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/**
 * Keys, CAs, certificates and CSRs for the provisioning-service's tests, made with Bouncy Castle and the JDK directly
 * (not with platform/x509, which the service uses). EC P-256 keys unless a test needs RSA: one takes well under a
 * millisecond, an RSA-2048 key tens.
 */
public final class TestPki {

    private static final AtomicLong SERIAL = new AtomicLong(System.nanoTime());

    private TestPki() {}

    /** A CA: its subject, key and self-signed certificate. */
    public record Ca(String subject, KeyPair key, String pem) {

        /** A new CA with a subject of its own. */
        public static Ca create(String name) {
            return create("CN=" + name + " " + UUID.randomUUID() + ", O=iotdm tests", ec());
        }

        public static Ca create(String subject, KeyPair key) {
            return new Ca(subject, key, certificate(subject, key, subject, key, true, validFrom(), validUntil()));
        }

        /** The verification certificate RegisterCACertificate asks for: CN = the registration code, signed by the CA. */
        public String verification(String registrationCode) {
            return certificate("CN=" + registrationCode, ec(), subject, key, false, validFrom(), validUntil());
        }

        /** A device certificate this CA signed. */
        public String device(String commonName) {
            return certificate("CN=" + commonName, ec(), subject, key, false, validFrom(), validUntil());
        }

        public String id() {
            return certificateId(pem);
        }
    }

    public static KeyPair ec() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    public static Instant validFrom() {
        return Instant.now().minus(Duration.ofDays(1));
    }

    public static Instant validUntil() {
        return Instant.now().plus(Duration.ofDays(365));
    }

    /** A certificate for {@code key} named {@code subject}, signed by {@code issuerKey} in the name of {@code issuer}. */
    public static String certificate(
            String subject,
            KeyPair key,
            String issuer,
            KeyPair issuerKey,
            boolean ca,
            Instant notBefore,
            Instant notAfter) {
        try {
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                    new X500Name(issuer),
                    BigInteger.valueOf(SERIAL.incrementAndGet()),
                    Date.from(notBefore),
                    Date.from(notAfter),
                    new X500Name(subject),
                    key.getPublic());
            if (ca) {
                builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            }
            String algorithm =
                    issuerKey.getPrivate().getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
            byte[] der = builder.build(new JcaContentSignerBuilder(algorithm).build(issuerKey.getPrivate()))
                    .getEncoded();
            return "-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                    + "\n-----END CERTIFICATE-----\n";
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** AWS's certificateId: the SHA-256 of the DER, computed here independently of platform/x509. */
    public static String certificateId(String pem) {
        String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256")
                            .digest(Base64.getDecoder().decode(base64)));
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    public static KeyPair rsa(int bits) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(bits);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    private static String signatureAlgorithm(KeyPair key) {
        return "RSA".equals(key.getPrivate().getAlgorithm()) ? "SHA256withRSA" : "SHA256withECDSA";
    }

    /** A self-signed device certificate valid from {@code notBefore} to {@code notAfter}. */
    public static String selfSigned(String subject, Instant notBefore, Instant notAfter) {
        KeyPair key = ec();
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
    public static String selfSigned(String subject) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        return selfSigned(subject, now.minus(1, ChronoUnit.DAYS), now.plus(365, ChronoUnit.DAYS));
    }

    public static PKCS10CertificationRequest csrStructure(String subject, KeyPair key) {
        try {
            return new JcaPKCS10CertificationRequestBuilder(new X500Name(subject), key.getPublic())
                    .build(new JcaContentSignerBuilder(signatureAlgorithm(key)).build(key.getPrivate()));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    public static String csr(String subject, KeyPair key) {
        try {
            return pem("CERTIFICATE REQUEST", csrStructure(subject, key).getEncoded());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** The CSR of {@code subject} with another subject put in after signing: its signature no longer verifies. */
    public static String alteredCsr(String subject, String alteredSubject, KeyPair key) {
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

    public static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der) + "\n-----END " + label + "-----\n";
    }

    /** The JDK's own parse of PEM text. */
    public static X509Certificate jdk(String pem) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }
}

package io.iotdm.provisioning.ca;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * CAs, verification and device certificates made with Bouncy Castle for the tests (EC P-256 keys: generating one
 * takes well under a millisecond, an RSA-2048 key tens).
 */
final class TestPki {

    private static final AtomicLong SERIAL = new AtomicLong(System.nanoTime());

    private TestPki() {}

    /** A CA: its subject, key and self-signed certificate. */
    record Ca(String subject, KeyPair key, String pem) {

        /** A new CA with a subject of its own. */
        static Ca create(String name) {
            return create("CN=" + name + " " + UUID.randomUUID() + ", O=iotdm tests", ec());
        }

        static Ca create(String subject, KeyPair key) {
            return new Ca(subject, key, certificate(subject, key, subject, key, true, validFrom(), validUntil()));
        }

        /** The verification certificate RegisterCACertificate asks for: CN = the registration code, signed by the CA. */
        String verification(String registrationCode) {
            return certificate("CN=" + registrationCode, ec(), subject, key, false, validFrom(), validUntil());
        }

        /** A device certificate this CA signed. */
        String device(String commonName) {
            return certificate("CN=" + commonName, ec(), subject, key, false, validFrom(), validUntil());
        }

        String id() {
            return certificateId(pem);
        }
    }

    static KeyPair ec() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    static Instant validFrom() {
        return Instant.now().minus(Duration.ofDays(1));
    }

    static Instant validUntil() {
        return Instant.now().plus(Duration.ofDays(365));
    }

    /** A certificate for {@code key} named {@code subject}, signed by {@code issuerKey} in the name of {@code issuer}. */
    static String certificate(
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
    static String certificateId(String pem) {
        String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256")
                            .digest(Base64.getDecoder().decode(base64)));
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }
}

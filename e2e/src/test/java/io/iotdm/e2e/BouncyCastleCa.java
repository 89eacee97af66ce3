package io.iotdm.e2e;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A CA of the caller's own on EC P-256 keys, made in the JVM: a self-signed root and the certificates it signs (the
 * verification certificate, a device's). {@link OpensslCa} makes the RSA one of AWS's docs.
 */
final class BouncyCastleCa {

    private static final AtomicLong SERIALS = new AtomicLong(System.nanoTime());

    private final KeyPair keys;
    private final X509Certificate certificate;

    private BouncyCastleCa(KeyPair keys, X509Certificate certificate) {
        this.keys = keys;
        this.certificate = certificate;
    }

    static BouncyCastleCa create(String commonName) {
        KeyPair keys = DeviceKeys.ecP256();
        X500Principal subject = new X500Principal("CN=" + commonName);
        return new BouncyCastleCa(keys, issue(subject, keys.getPublic(), subject, keys, true));
    }

    String certificatePem() {
        return DeviceKeys.pem(certificate);
    }

    /** A certificate with {@code commonName} for a new EC P-256 key, signed by this CA, in PEM. */
    String sign(String commonName) {
        return DeviceKeys.pem(
                sign(new X500Principal("CN=" + commonName), DeviceKeys.ecP256().getPublic()));
    }

    /** A device certificate of {@code subject} for {@code key}, signed by this CA (a device of JITR or JITP). */
    X509Certificate sign(X500Principal subject, PublicKey key) {
        return issue(subject, key, certificate.getSubjectX500Principal(), keys, false);
    }

    private static X509Certificate issue(
            X500Principal subject, PublicKey key, X500Principal issuer, KeyPair issuerKeys, boolean ca) {
        Instant now = Instant.now();
        var builder = new JcaX509v3CertificateBuilder(
                issuer,
                BigInteger.valueOf(SERIALS.incrementAndGet()),
                Date.from(now.minus(Duration.ofHours(1))),
                Date.from(now.plus(Duration.ofDays(30))),
                subject,
                key);
        try {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
            if (ca) {
                builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            }
            return new JcaX509CertificateConverter()
                    .getCertificate(builder.build(
                            new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKeys.getPrivate())));
        } catch (CertIOException | OperatorCreationException | CertificateException e) {
            throw new IllegalStateException(e);
        }
    }
}

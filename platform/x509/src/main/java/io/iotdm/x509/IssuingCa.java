package io.iotdm.x509;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.IPAddress;

/**
 * iotdm's own certificate authority, in the place of the Amazon CA that signs the certificates of
 * CreateKeysAndCertificate, CreateCertificateFromCsr and fleet provisioning (docs/aws-behaviour.md §6.1). A device
 * certificate is valid from the second it is issued until 2049-12-31T23:59:59Z (as AWS's), has a random positive
 * serial number of 159 bits, and carries what a TLS client certificate needs: basicConstraints CA:FALSE (critical),
 * keyUsage digitalSignature, plus keyEncipherment for an RSA key (critical), extendedKeyUsage clientAuth, and the
 * subject and authority key identifiers that let verifiers find the CA.
 *
 * <p>The CA's key is RSA-2048 by default, as AWS's own: every TLS stack verifies its signatures, and verifying, which
 * the gateway does on every device connection, is what RSA does cheapest: 0.03 ms against 0.39 ms for EC P-256
 * ({@code X509Cost}, p50 on the shared 2-core machine). EC P-256 issues a certificate five times faster (0.24 ms
 * against 1.2 ms) and is the choice when issuance rate matters more (README, "Cost"). Thread-safe: each issuance
 * builds its own signer.
 */
public final class IssuingCa {

    /** The end of the validity of every certificate AWS IoT issues, and of iotdm's CA. */
    public static final Instant NOT_AFTER = Instant.parse("2049-12-31T23:59:59Z");

    /** The subject AWS gives the certificates of CreateKeysAndCertificate. */
    public static final X500Principal KEYS_AND_CERTIFICATE_SUBJECT = new X500Principal("CN=AWS IoT Certificate");

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int SERIAL_BITS = 159; // RFC 5280: at most 20 octets, positive

    /** The CA's own key. */
    public enum KeyAlgorithm {
        RSA_2048("RSA", 2048, "SHA256withRSA"),
        EC_P256("EC", 256, "SHA256withECDSA");

        private final String jcaName;
        private final int size;
        private final String signatureAlgorithm;

        KeyAlgorithm(String jcaName, int size, String signatureAlgorithm) {
            this.jcaName = jcaName;
            this.size = size;
            this.signatureAlgorithm = signatureAlgorithm;
        }
    }

    private final IotCertificate certificate;
    private final PrivateKey privateKey;
    private final String signatureAlgorithm;

    private IssuingCa(IotCertificate certificate, PrivateKey privateKey) {
        this.certificate = certificate;
        this.privateKey = privateKey;
        this.signatureAlgorithm = signatureAlgorithm(privateKey);
    }

    /** A new self-signed CA with a new key, valid from {@code now} until {@link #NOT_AFTER}. */
    public static IssuingCa create(X500Principal subject, KeyAlgorithm algorithm, Instant now) {
        KeyPair pair = DeviceKeyPair.generate(algorithm.jcaName, algorithm.size);
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                subject, serialNumber(), Date.from(notBefore(now)), Date.from(NOT_AFTER), subject, pair.getPublic());
        try {
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(
                            Extension.keyUsage,
                            true,
                            new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature))
                    .addExtension(
                            Extension.subjectKeyIdentifier,
                            false,
                            extensions.createSubjectKeyIdentifier(pair.getPublic()))
                    .addExtension(
                            Extension.authorityKeyIdentifier,
                            false,
                            extensions.createAuthorityKeyIdentifier(pair.getPublic()));
        } catch (GeneralSecurityException | CertIOException e) {
            throw new IllegalStateException("the CA's extensions cannot be built", e);
        }
        return new IssuingCa(sign(builder, pair.getPrivate(), algorithm.signatureAlgorithm), pair.getPrivate());
    }

    /**
     * The CA as stored: its certificate and its key sealed with {@link #sealedKey}. Every failure is a {@link
     * SealedKeyException}: a certificate that cannot be read or is not a CA, a wrong secret, a key that is not the
     * certificate's.
     */
    public static IssuingCa load(String certificatePem, String sealedKey, char[] secret) {
        IotCertificate certificate;
        try {
            certificate = Pem.certificate("the issuing CA's certificate", certificatePem);
        } catch (X509Exception e) {
            throw new SealedKeyException(e.getMessage());
        }
        if (!certificate.isCa()) {
            throw new SealedKeyException("the issuing CA's certificate is not a CA certificate (basicConstraints)");
        }
        PrivateKey key = SealedKey.open(sealedKey, secret);
        if (!keyMatches(key, certificate.x509().getPublicKey())) {
            throw new SealedKeyException(
                    "the sealed key is not the key of the CA certificate " + certificate.certificateId());
        }
        return new IssuingCa(certificate, key);
    }

    /** The CA's certificate: what devices and the gateway trust, and the issuer of every certificate issued. */
    public IotCertificate certificate() {
        return certificate;
    }

    /** The CA's key sealed under {@code secret} (see {@link SealedKey}), to be stored beside the certificate. */
    public String sealedKey(char[] secret) {
        return SealedKey.seal(privateKey, secret);
    }

    /** CreateCertificateFromCsr: a certificate for the CSR's key and subject. */
    public IotCertificate issue(CertificateSigningRequest request, Instant now) {
        return issue(request.publicKey(), request.subject(), now);
    }

    /**
     * A device certificate for {@code publicKey} and {@code subject} (CreateKeysAndCertificate passes {@link
     * #KEYS_AND_CERTIFICATE_SUBJECT}). An empty subject becomes {@link #KEYS_AND_CERTIFICATE_SUBJECT}: RFC 5280 does not
     * allow an empty subject without a subjectAltName, and a CSR's extensions are not carried (AWS does not say that
     * it carries them).
     */
    public IotCertificate issue(PublicKey publicKey, X500Principal subject, Instant now) {
        return issue(publicKey, subject, NOT_AFTER, now);
    }

    /**
     * As {@link #issue(PublicKey, X500Principal, Instant)}, valid until {@code notAfter} (at most {@link #NOT_AFTER}):
     * a provisioning claim lives for minutes (docs/aws-behaviour.md §6.10).
     */
    public IotCertificate issue(PublicKey publicKey, X500Principal subject, Instant notAfter, Instant now) {
        SubjectPublicKeyInfo keyInfo = SubjectPublicKeyInfo.getInstance(publicKey.getEncoded());
        KeyRules.keyProblem(keyInfo).ifPresent(problem -> {
            throw X509Exception.invalidRequest(problem);
        });
        X500Principal name = subject.getEncoded().length > 2 ? subject : KEYS_AND_CERTIFICATE_SUBJECT;
        return issue(
                publicKey,
                name,
                notAfter.isBefore(NOT_AFTER) ? notAfter : NOT_AFTER,
                KeyPurposeId.id_kp_clientAuth,
                null,
                now);
    }

    /**
     * A TLS server certificate for the device gateway's MQTT listener, valid for {@code validity} from {@code now}:
     * subject {@code CN=<first name>}, every name in subjectAltName (an IP address literal as an iPAddress, the rest as
     * dNSName: TLS clients match IP addresses against iPAddress entries only), extendedKeyUsage serverAuth.
     */
    public IotCertificate issueServer(PublicKey publicKey, List<String> hostNames, Duration validity, Instant now) {
        if (hostNames.isEmpty()) {
            throw new IllegalArgumentException("a server certificate needs at least one host name");
        }
        GeneralName[] names = hostNames.stream()
                .map(host ->
                        new GeneralName(IPAddress.isValid(host) ? GeneralName.iPAddress : GeneralName.dNSName, host))
                .toArray(GeneralName[]::new);
        Instant notAfter = now.plus(validity).isBefore(NOT_AFTER) ? now.plus(validity) : NOT_AFTER;
        return issue(
                publicKey,
                new X500Principal("CN=" + hostNames.getFirst()),
                notAfter,
                KeyPurposeId.id_kp_serverAuth,
                new GeneralNames(names),
                now);
    }

    private IotCertificate issue(
            PublicKey publicKey,
            X500Principal subject,
            Instant notAfter,
            KeyPurposeId purpose,
            GeneralNames alternativeNames,
            Instant now) {
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                certificate.x509(), serialNumber(), Date.from(notBefore(now)), Date.from(notAfter), subject, publicKey);
        boolean rsa = "RSA".equals(publicKey.getAlgorithm());
        int usage = rsa ? KeyUsage.digitalSignature | KeyUsage.keyEncipherment : KeyUsage.digitalSignature;
        try {
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(usage))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose))
                    .addExtension(
                            Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(publicKey))
                    .addExtension(
                            Extension.authorityKeyIdentifier,
                            false,
                            extensions.createAuthorityKeyIdentifier(certificate.x509()));
            if (alternativeNames != null) {
                builder.addExtension(Extension.subjectAlternativeName, false, alternativeNames);
            }
        } catch (GeneralSecurityException | CertIOException e) {
            throw new IllegalStateException("a certificate's extensions cannot be built", e);
        }
        return sign(builder, privateKey, signatureAlgorithm);
    }

    @Override
    public String toString() {
        return "IssuingCa[" + certificate.certificateId() + ", "
                + certificate.subject().getName() + "]";
    }

    private static IotCertificate sign(X509v3CertificateBuilder builder, PrivateKey key, String algorithm) {
        try {
            X509CertificateHolder holder = builder.build(new JcaContentSignerBuilder(algorithm).build(key));
            return IotCertificate.decode("the issued certificate", holder.getEncoded());
        } catch (OperatorCreationException | java.io.IOException e) {
            throw new IllegalStateException("the JDK's providers sign with " + algorithm, e);
        }
    }

    /** Whole seconds, as X.509 encodes them, so that {@code validity.notBefore} is the issuing second. */
    private static Instant notBefore(Instant now) {
        if (!now.isBefore(NOT_AFTER)) {
            throw new IllegalStateException("no certificate can be issued after " + NOT_AFTER);
        }
        return now.truncatedTo(ChronoUnit.SECONDS);
    }

    private static BigInteger serialNumber() {
        return new BigInteger(SERIAL_BITS, RANDOM).setBit(SERIAL_BITS - 1);
    }

    private static String signatureAlgorithm(PrivateKey key) {
        return switch (key.getAlgorithm()) {
            case "RSA" -> KeyAlgorithm.RSA_2048.signatureAlgorithm;
            case "EC" -> KeyAlgorithm.EC_P256.signatureAlgorithm;
            default -> throw new SealedKeyException("the CA key is " + key.getAlgorithm() + "; it must be RSA or EC");
        };
    }

    /** Whether {@code key} is the private half of {@code publicKey}: it signs what the public key verifies. */
    private static boolean keyMatches(PrivateKey key, PublicKey publicKey) {
        String algorithm = signatureAlgorithm(key);
        try {
            byte[] probe = new byte[32];
            RANDOM.nextBytes(probe);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}

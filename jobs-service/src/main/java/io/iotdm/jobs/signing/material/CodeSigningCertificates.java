package io.iotdm.jobs.signing.material;

import io.iotdm.x509.IotCertificate;
import io.iotdm.x509.IssuingCa;
import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Date;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Makes the material of a certificate ARN iotdm does not hold yet: an EC P-256 key pair (the curve FreeRTOS OTA
 * verifies) and a self-signed certificate for code signing: basicConstraints CA:FALSE, keyUsage digitalSignature
 * (critical), extendedKeyUsage codeSigning, valid until the end of 2049 as the certificates iotdm's CA issues.
 */
final class CodeSigningCertificates {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int SERIAL_BITS = 159; // RFC 5280: at most 20 octets, positive

    private CodeSigningCertificates() {}

    /** A key pair and its certificate, whose subject names the certificate ARN's id. */
    static Made create(String certificateId, Instant now) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            KeyPair pair = generator.generateKeyPair();
            X500Principal subject = new X500Principal("CN=iotdm code signing " + certificateId);
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                    subject,
                    new BigInteger(SERIAL_BITS, RANDOM),
                    Date.from(now),
                    Date.from(IssuingCa.NOT_AFTER),
                    subject,
                    pair.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(
                            Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_codeSigning))
                    .addExtension(
                            Extension.subjectKeyIdentifier,
                            false,
                            extensions.createSubjectKeyIdentifier(pair.getPublic()));
            var holder = builder.build(
                    new JcaContentSignerBuilder(SigningMaterial.SIGNATURE_ALGORITHM).build(pair.getPrivate()));
            IotCertificate certificate = IotCertificate.of(new JcaX509CertificateConverter().getCertificate(holder));
            return new Made(certificate, pair);
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("every JDK makes EC P-256 keys and Bouncy Castle certifies them", e);
        }
    }

    record Made(IotCertificate certificate, KeyPair keyPair) {
        @Override
        public String toString() {
            return "Made[" + certificate.certificateId() + "]";
        }
    }
}

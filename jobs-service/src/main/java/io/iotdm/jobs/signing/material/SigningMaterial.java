package io.iotdm.jobs.signing.material;

import io.iotdm.codesign.CodesignBlock;
import io.iotdm.x509.IotCertificate;
import java.io.IOException;
import java.io.InputStream;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;

/**
 * A code-signing key and its certificate, opened for signing. The private key stays inside: it has no accessor, and
 * {@link #toString()} shows the certificate's ARN only.
 */
public final class SigningMaterial {

    /** JCA's name of the signatures made here: ECDSA over SHA-256, DER-encoded (X9.62 {@code Ecdsa-Sig-Value}). */
    public static final String SIGNATURE_ALGORITHM = CodesignBlock.SHA256_WITH_ECDSA;

    private static final int READ_BUFFER = 64 * 1024;

    private final String certificateArn;
    private final IotCertificate certificate;
    private final PrivateKey privateKey;

    SigningMaterial(String certificateArn, IotCertificate certificate, PrivateKey privateKey) {
        this.certificateArn = certificateArn;
        this.certificate = certificate;
        this.privateKey = privateKey;
    }

    public String certificateArn() {
        return certificateArn;
    }

    public IotCertificate certificate() {
        return certificate;
    }

    /** The DER signature of {@code payload}. */
    public byte[] sign(byte[] payload) {
        try {
            Signature signature = signature();
            signature.update(payload);
            return signature.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("an EC P-256 key signs SHA256withECDSA in every JDK", e);
        }
    }

    /**
     * The DER signature of everything {@code in} holds, read to its end without holding it in memory.
     *
     * @return the signature and the number of bytes signed
     */
    public Signed sign(InputStream in) throws IOException {
        try {
            Signature signature = signature();
            byte[] buffer = new byte[READ_BUFFER];
            long size = 0;
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                signature.update(buffer, 0, read);
                size += read;
            }
            return new Signed(signature.sign(), size);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("an EC P-256 key signs SHA256withECDSA in every JDK", e);
        }
    }

    /** A signature and the size of what it signs ({@code rawPayloadSize}). */
    public record Signed(byte[] signature, long size) {}

    private Signature signature() throws GeneralSecurityException {
        Signature signature = Signature.getInstance(SIGNATURE_ALGORITHM);
        signature.initSign(privateKey);
        return signature;
    }

    @Override
    public String toString() {
        return "SigningMaterial[" + certificateArn + "]";
    }
}

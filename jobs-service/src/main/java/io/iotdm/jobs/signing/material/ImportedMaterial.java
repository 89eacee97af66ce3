package io.iotdm.jobs.signing.material;

import io.iotdm.x509.IotCertificate;
import io.iotdm.x509.Pem;
import io.iotdm.x509.X509Exception;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.util.regex.Pattern;

/**
 * A key pair and certificate to import (docs/aws-behaviour.md §10.2): {@code <id>/certificate.pem} and {@code
 * <id>/private-key.pem} of the import directory. Checked before anything is stored: the id is an ACM certificate id,
 * the key is EC P-256 (what the platforms sign with) and it is the certificate's key.
 */
record ImportedMaterial(String certificateId, IotCertificate certificate, PrivateKey privateKey) {

    static final String CERTIFICATE_FILE = "certificate.pem";
    static final String PRIVATE_KEY_FILE = "private-key.pem";

    private static final Pattern CERTIFICATE_ID = Pattern.compile("[A-Za-z0-9-]{1,128}");
    private static final int P256_BITS = 256;

    /**
     * Reads and checks the material of one subdirectory.
     *
     * @throws IllegalStateException why it cannot be imported (the service does not start: an operator asked for it)
     */
    static ImportedMaterial read(Path directory) {
        String id = directory.getFileName().toString();
        if (!CERTIFICATE_ID.matcher(id).matches()) {
            throw refused(directory, "its name is not an ACM certificate id (letters, digits and -)");
        }
        try {
            IotCertificate certificate = Pem.certificate(
                    CERTIFICATE_FILE, Files.readString(directory.resolve(CERTIFICATE_FILE), StandardCharsets.US_ASCII));
            PrivateKey key = Pem.privateKey(
                    PRIVATE_KEY_FILE, Files.readString(directory.resolve(PRIVATE_KEY_FILE), StandardCharsets.US_ASCII));
            if (!(key instanceof ECPrivateKey ec)
                    || ec.getParams().getCurve().getField().getFieldSize() != P256_BITS) {
                throw refused(directory, "the private key is not an EC P-256 key, which the signing platforms use");
            }
            if (!pairs(key, certificate)) {
                throw refused(directory, "the private key is not the key of the certificate");
            }
            return new ImportedMaterial(id, certificate, key);
        } catch (IOException e) {
            throw refused(directory, "it cannot be read: " + e.getMessage());
        } catch (X509Exception e) {
            throw refused(directory, e.getMessage());
        }
    }

    /** Whether a signature made with the key verifies with the certificate's public key. */
    private static boolean pairs(PrivateKey key, IotCertificate certificate) {
        try {
            byte[] probe = "iotdm code-signing material import".getBytes(StandardCharsets.US_ASCII);
            Signature sign = Signature.getInstance(SigningMaterial.SIGNATURE_ALGORITHM);
            sign.initSign(key);
            sign.update(probe);
            byte[] signature = sign.sign();
            Signature verify = Signature.getInstance(SigningMaterial.SIGNATURE_ALGORITHM);
            verify.initVerify(certificate.x509().getPublicKey());
            verify.update(probe);
            return verify.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static IllegalStateException refused(Path directory, String why) {
        return new IllegalStateException("Code-signing material " + directory + " cannot be imported: " + why);
    }

    @Override
    public String toString() {
        return "ImportedMaterial[" + certificateId + "]";
    }
}

package io.iotdm.codesign;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.Signature;
import java.security.SignatureException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;

/**
 * The check a device makes before it installs an artifact (docs/aws-behaviour.md §10.5): the artifact's exact bytes
 * must be {@code rawPayloadSize} long and verify against the block's signature with the public key of the certificate
 * the device already trusts (never the certificate the block carries, which only tells a wrong key from a tampered
 * artifact).
 */
public final class CodesignVerifier {

    /**
     * The algorithm names a block may carry, to the JCA's: iotdm's JCA name, and AWS's names (OTA's {@code
     * customCodeSigning} and the FreeRTOS job documents' {@code sig-sha256-ecdsa}) with the hash apart or in the name.
     */
    private static final Map<String, String> ALGORITHMS = Map.of(
            "sha256withecdsa", "SHA256withECDSA",
            "sha256/ecdsa", "SHA256withECDSA",
            "sha256-ecdsa", "SHA256withECDSA",
            "sig-sha256-ecdsa", "SHA256withECDSA",
            "sha256withrsa", "SHA256withRSA",
            "sha256/rsa", "SHA256withRSA",
            "sig-sha256-rsa", "SHA256withRSA");

    private static final int READ_BUFFER = 64 * 1024;

    private final X509Certificate trusted;

    /** @param trusted the code-signing certificate the device holds (built in, or from an earlier signed update) */
    public CodesignVerifier(X509Certificate trusted) {
        this.trusted = trusted;
    }

    /** A verifier of the certificate in {@code pem}. */
    public static CodesignVerifier trusting(String pem) {
        try {
            return new CodesignVerifier((X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII))));
        } catch (CertificateException e) {
            throw new IllegalArgumentException("not a PEM certificate: " + e.getMessage(), e);
        }
    }

    /** {@link #verify(CodesignBlock, InputStream)} of bytes in memory. */
    public void verify(CodesignBlock block, byte[] artifact) {
        try {
            verify(block, new ByteArrayInputStream(artifact));
        } catch (IOException e) {
            throw new IllegalStateException("a byte array does not fail to read", e);
        }
    }

    /**
     * Verifies the artifact, read to its end.
     *
     * @throws CodesignException why the artifact must not be installed
     * @throws IOException reading {@code artifact} failed
     */
    public void verify(CodesignBlock block, InputStream artifact) throws IOException {
        Signature signature = signature(block);
        byte[] expected = decode(block.signature());
        long size = 0;
        try {
            byte[] buffer = new byte[READ_BUFFER];
            for (int read = artifact.read(buffer); read >= 0; read = artifact.read(buffer)) {
                signature.update(buffer, 0, read);
                size += read;
            }
            if (size != block.rawPayloadSize()) {
                throw new CodesignException(
                        CodesignException.Reason.TAMPERED,
                        "the artifact is " + size + " bytes, the signed payload " + block.rawPayloadSize());
            }
            if (signature.verify(expected)) {
                return;
            }
        } catch (SignatureException e) {
            // a signature that is not a DER Ecdsa-Sig-Value cannot be of these bytes either
        }
        throw notVerified(block);
    }

    private Signature signature(CodesignBlock block) {
        String name = block.signatureAlgorithm().toLowerCase(Locale.ROOT);
        if (block.hashAlgorithm() != null
                && !name.contains(block.hashAlgorithm().toLowerCase(Locale.ROOT))) {
            name = block.hashAlgorithm().toLowerCase(Locale.ROOT) + "/" + name;
        }
        String jca = ALGORITHMS.get(name);
        if (jca == null) {
            throw new CodesignException(
                    CodesignException.Reason.UNKNOWN_ALGORITHM,
                    "unknown signature algorithm " + block.signatureAlgorithm()
                            + (block.hashAlgorithm() == null ? "" : " with hash " + block.hashAlgorithm()));
        }
        try {
            Signature signature = Signature.getInstance(jca);
            signature.initVerify(trusted.getPublicKey());
            return signature;
        } catch (InvalidKeyException e) {
            throw new CodesignException(
                    CodesignException.Reason.WRONG_CERTIFICATE,
                    "the trusted certificate's key cannot verify " + jca + " signatures");
        } catch (GeneralSecurityException e) {
            throw new CodesignException(
                    CodesignException.Reason.UNKNOWN_ALGORITHM, "this JDK has no " + jca + ": " + e.getMessage());
        }
    }

    /** A signature that does not verify: by another key when the block names another certificate, else tampered. */
    private CodesignException notVerified(CodesignBlock block) {
        if (block.certificate() != null && !sameCertificate(block.certificate())) {
            return new CodesignException(
                    CodesignException.Reason.WRONG_CERTIFICATE,
                    "the artifact was signed by another certificate than the trusted "
                            + trusted.getSubjectX500Principal().getName());
        }
        return new CodesignException(
                CodesignException.Reason.TAMPERED, "the signature does not verify: the artifact is not the one signed");
    }

    private boolean sameCertificate(String pem) {
        try {
            X509Certificate carried = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
            return Arrays.equals(carried.getEncoded(), trusted.getEncoded());
        } catch (CertificateException e) {
            return false;
        }
    }

    private static byte[] decode(String signature) {
        try {
            return Base64.getDecoder().decode(signature);
        } catch (IllegalArgumentException e) {
            throw new CodesignException(
                    CodesignException.Reason.MALFORMED_BLOCK, "the codesign signature is not base64");
        }
    }
}

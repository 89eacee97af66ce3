package io.iotdm.x509;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * A private key encrypted at rest: AES-256-GCM under a key derived from a configured secret with
 * PBKDF2-HMAC-SHA256, as one line of text that says how it was made:
 *
 * <pre>iotdm-sealed-key:v1:pbkdf2-sha256:&lt;iterations&gt;:&lt;salt&gt;:&lt;iv&gt;:&lt;ciphertext+tag&gt;</pre>
 *
 * (base64url without padding). Everything before the ciphertext is GCM's associated data, so that a changed
 * iteration count or salt fails like a wrong secret. PBKDF2 rather than HKDF because the secret comes from
 * configuration and may be a pass phrase; 600,000 iterations is OWASP's 2023 figure for PBKDF2-HMAC-SHA256 and costs
 * 110–320 ms on the shared 2-core machine, once per start (measured by {@code X509Cost}). Opening
 * a text with another iteration count honours it, so the figure can be raised without re-sealing.
 */
public final class SealedKey {

    static final int ITERATIONS = 600_000;
    /** Below this a secret is a password guessable offline; the service's configuration check names the rule. */
    public static final int MIN_SECRET_LENGTH = 16;

    private static final String HEADER = "iotdm-sealed-key:v1:pbkdf2-sha256";
    private static final int MAX_ITERATIONS = 10_000_000;
    private static final int SALT_BYTES = 16;
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64_DECODER = Base64.getUrlDecoder();

    private SealedKey() {}

    /** Encrypts {@code key} under {@code secret}; each call draws a new salt and IV. */
    public static String seal(PrivateKey key, char[] secret) {
        return seal(key, secret, ITERATIONS);
    }

    static String seal(PrivateKey key, char[] secret, int iterations) {
        checkSecret(secret);
        byte[] salt = new byte[SALT_BYTES];
        byte[] iv = new byte[IV_BYTES];
        RANDOM.nextBytes(salt);
        RANDOM.nextBytes(iv);
        String associated = HEADER + ":" + iterations + ":" + B64.encodeToString(salt) + ":" + B64.encodeToString(iv);
        byte[] plain = key.getEncoded();
        try {
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, secret, salt, iterations, iv, associated);
            return associated + ":" + B64.encodeToString(cipher.doFinal(plain));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM and PBKDF2 are in every JDK", e);
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    /** Decrypts a text made by {@link #seal}. */
    public static PrivateKey open(String sealed, char[] secret) {
        checkSecret(secret);
        if (sealed == null) {
            throw new SealedKeyException("not a sealed key: none given");
        }
        String[] parts = sealed.split(":", -1);
        if (parts.length != 7 || !HEADER.equals(String.join(":", parts[0], parts[1], parts[2]))) {
            throw new SealedKeyException("not a sealed key: it must start with " + HEADER + " and have 7 ':' parts");
        }
        byte[] plain = null;
        try {
            int iterations = Integer.parseInt(parts[3]);
            if (iterations < 1 || iterations > MAX_ITERATIONS) {
                throw new SealedKeyException("not a sealed key: " + iterations + " PBKDF2 iterations is out of range");
            }
            byte[] salt = B64_DECODER.decode(parts[4]);
            byte[] iv = B64_DECODER.decode(parts[5]);
            String associated = String.join(":", Arrays.copyOf(parts, 6));
            plain = cipher(Cipher.DECRYPT_MODE, secret, salt, iterations, iv, associated)
                    .doFinal(B64_DECODER.decode(parts[6]));
            return new JcaPEMKeyConverter().getPrivateKey(PrivateKeyInfo.getInstance(plain));
        } catch (AEADBadTagException e) {
            throw new SealedKeyException(
                    "the sealed key cannot be opened with this secret: the secret is not the one it was sealed with,"
                            + " or the text was altered");
        } catch (GeneralSecurityException | IOException | IllegalArgumentException e) {
            throw new SealedKeyException("not a sealed key: " + Pem.reason(e));
        } finally {
            if (plain != null) {
                Arrays.fill(plain, (byte) 0);
            }
        }
    }

    private static void checkSecret(char[] secret) {
        if (secret == null || secret.length < MIN_SECRET_LENGTH) {
            throw new SealedKeyException(
                    "the secret that seals the CA key must have at least " + MIN_SECRET_LENGTH + " characters");
        }
    }

    private static Cipher cipher(int mode, char[] secret, byte[] salt, int iterations, byte[] iv, String associated)
            throws GeneralSecurityException {
        PBEKeySpec spec = new PBEKeySpec(secret, salt, iterations, 256);
        byte[] keyBytes = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                .generateSecret(spec)
                .getEncoded();
        spec.clearPassword();
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(mode, new SecretKeySpec(keyBytes, "AES"), new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(associated.getBytes(StandardCharsets.US_ASCII));
            return cipher;
        } finally {
            Arrays.fill(keyBytes, (byte) 0);
        }
    }
}

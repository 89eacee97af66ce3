package io.iotdm.provisioning.fleet;

import io.iotdm.provisioning.ProvisioningConfig;
import io.iotdm.provisioning.certificate.IssuingCaStartup;
import jakarta.inject.Singleton;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Two keys derived from the issuing CA's secret ({@code iotdm.provisioning.ca-key-secret}), one per purpose
 * (HMAC-SHA256 of the secret over the purpose's label): one signs certificate ownership tokens, the other seals the
 * stored answers of {@code $aws/certificates/create} (they hold private keys). The secret is the one every instance of a
 * deployment already shares and keeps as long as the database, so a token made by one instance is good on any other
 * (docs/architecture.md §6, "Certificate ownership tokens").
 */
@Singleton
class FleetSecrets {

    private static final String MAC = "HmacSHA256";
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec tokenKey;
    private final SecretKeySpec answerKey;

    FleetSecrets(ProvisioningConfig config) {
        char[] secret = IssuingCaStartup.secret(config.caKeySecret(), config.caKeySecretFile());
        ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(secret));
        byte[] bytes = Arrays.copyOf(encoded.array(), encoded.limit());
        try {
            this.tokenKey = new SecretKeySpec(derive(bytes, "iotdm certificate ownership token v1"), MAC);
            this.answerKey = new SecretKeySpec(derive(bytes, "iotdm device certificate answer v1"), "AES");
        } finally {
            Arrays.fill(secret, '\0');
            Arrays.fill(bytes, (byte) 0);
            Arrays.fill(encoded.array(), (byte) 0);
        }
    }

    /** The HMAC-SHA256 of {@code data} under the token key. */
    byte[] tokenMac(byte[] data) {
        try {
            Mac mac = Mac.getInstance(MAC);
            mac.init(tokenKey);
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is in every JDK", e);
        }
    }

    /** {@code text} sealed with AES-256-GCM under the answer key: base64url of IV and ciphertext. */
    String seal(String text) {
        byte[] iv = new byte[IV_BYTES];
        RANDOM.nextBytes(iv);
        byte[] sealed = cipher(Cipher.ENCRYPT_MODE, iv).doFinalUnchecked(text.getBytes(StandardCharsets.UTF_8));
        byte[] out = new byte[IV_BYTES + sealed.length];
        System.arraycopy(iv, 0, out, 0, IV_BYTES);
        System.arraycopy(sealed, 0, out, IV_BYTES, sealed.length);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(out);
    }

    /** What {@link #seal} sealed. */
    String open(String sealed) {
        byte[] bytes = Base64.getUrlDecoder().decode(sealed);
        byte[] iv = Arrays.copyOf(bytes, IV_BYTES);
        return new String(
                cipher(Cipher.DECRYPT_MODE, iv).doFinalUnchecked(Arrays.copyOfRange(bytes, IV_BYTES, bytes.length)),
                StandardCharsets.UTF_8);
    }

    /** Constant-time comparison of MACs. */
    static boolean sameMac(byte[] a, byte[] b) {
        return MessageDigest.isEqual(a, b);
    }

    private static byte[] derive(byte[] secret, String label) {
        try {
            Mac mac = Mac.getInstance(MAC);
            mac.init(new SecretKeySpec(secret, MAC));
            return mac.doFinal(label.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is in every JDK", e);
        }
    }

    private AesGcm cipher(int mode, byte[] iv) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(mode, answerKey, new GCMParameterSpec(TAG_BITS, iv));
            return new AesGcm(cipher);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is in every JDK", e);
        }
    }

    private record AesGcm(Cipher cipher) {
        byte[] doFinalUnchecked(byte[] input) {
            try {
                return cipher.doFinal(input);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("a sealed answer that does not open was not sealed here", e);
            }
        }
    }
}

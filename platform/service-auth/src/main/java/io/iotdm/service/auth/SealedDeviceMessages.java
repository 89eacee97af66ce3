package io.iotdm.service.auth;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals a message for one device connection between the service that writes it and the device gateway that delivers
 * it, so that the outbox row, its dead-letter copy and the record on {@code iotdm.device.outbound} never hold it in
 * clear: the answer of {@code $aws/certificates/create} carries the device's private key (docs/aws-behaviour.md
 * §6.10). AES-256-GCM under a key derived with HKDF-SHA256 (RFC 5869) from the deployment's internal secret, which
 * every service and the gateway already share, so there is no second secret to distribute. The associated data binds
 * a sealed message to its MQTT topic, client id and session token: moved to another record it does not open.
 */
@Singleton
public class SealedDeviceMessages {

    /** The record header value that names this sealing (the header is {@code DeviceMessages.SEALED_HEADER}). */
    public static final String ALGORITHM = "AES-256-GCM/HKDF-SHA256/v1";

    private static final String HMAC = "HmacSHA256";
    private static final byte[] INFO = "iotdm device message seal v1".getBytes(StandardCharsets.UTF_8);
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;

    @Inject
    SealedDeviceMessages(InternalConfig config) {
        this(InternalSignatures.secret(config));
    }

    /** @param secret the deployment's internal secret */
    public SealedDeviceMessages(String secret) {
        byte[] ikm = secret.getBytes(StandardCharsets.UTF_8);
        byte[] okm = hkdfSha256(ikm, INFO);
        try {
            this.key = new SecretKeySpec(okm, "AES");
        } finally {
            Arrays.fill(ikm, (byte) 0);
            Arrays.fill(okm, (byte) 0);
        }
    }

    /** @return base64url of the IV and the ciphertext of {@code text} */
    public String seal(String text, String mqttTopic, String clientId, String sessionToken) {
        byte[] iv = new byte[IV_BYTES];
        RANDOM.nextBytes(iv);
        byte[] sealed =
                run(Cipher.ENCRYPT_MODE, iv, mqttTopic, clientId, sessionToken, text.getBytes(StandardCharsets.UTF_8));
        byte[] out = new byte[IV_BYTES + sealed.length];
        System.arraycopy(iv, 0, out, 0, IV_BYTES);
        System.arraycopy(sealed, 0, out, IV_BYTES, sealed.length);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(out);
    }

    /**
     * What {@link #seal} sealed for the same topic, client id and token.
     *
     * @throws IllegalArgumentException when it was not sealed with this deployment's secret for them
     */
    public byte[] open(String sealed, String mqttTopic, String clientId, String sessionToken) {
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(sealed);
        } catch (IllegalArgumentException notBase64) {
            throw new IllegalArgumentException("A sealed device message that is not base64url", notBase64);
        }
        if (bytes.length < IV_BYTES + TAG_BITS / 8) {
            throw new IllegalArgumentException("A sealed device message shorter than its IV and tag");
        }
        return run(
                Cipher.DECRYPT_MODE,
                Arrays.copyOf(bytes, IV_BYTES),
                mqttTopic,
                clientId,
                sessionToken,
                Arrays.copyOfRange(bytes, IV_BYTES, bytes.length));
    }

    private byte[] run(int mode, byte[] iv, String mqttTopic, String clientId, String sessionToken, byte[] input) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(
                    String.join("\n", mqttTopic, clientId, sessionToken).getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(input);
        } catch (javax.crypto.AEADBadTagException wrong) {
            throw new IllegalArgumentException(
                    "A sealed device message that does not open: another deployment's secret, or another record's",
                    wrong);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is in every JDK", e);
        }
    }

    /** HKDF-SHA256 (RFC 5869) with no salt (a string of zeros, as the RFC says), 32 bytes of output: one block. */
    private static byte[] hkdfSha256(byte[] ikm, byte[] info) {
        try {
            Mac extract = Mac.getInstance(HMAC);
            extract.init(new SecretKeySpec(new byte[32], HMAC));
            byte[] prk = extract.doFinal(ikm);
            Mac expand = Mac.getInstance(HMAC);
            expand.init(new SecretKeySpec(prk, HMAC));
            expand.update(info);
            expand.update((byte) 1);
            byte[] okm = expand.doFinal();
            Arrays.fill(prk, (byte) 0);
            return okm;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is in every JDK", e);
        }
    }
}

package io.iotdm.provisioning.fleet;

import io.iotdm.provisioning.ProvisioningConfig;
import jakarta.inject.Singleton;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Certificate ownership tokens (docs/aws-behaviour.md §6.10): base64url of the certificate's id (32 bytes), the
 * token's expiry (epoch milliseconds, 8 bytes) and an HMAC-SHA256 of both under {@link FleetSecrets}' token key. A
 * token proves that this service made the certificate for the bearer, until it expires; nothing is stored for it, so
 * any instance checks it without a read (docs/architecture.md §6, "Certificate ownership tokens").
 */
@Singleton
class OwnershipTokens {

    private static final int ID_BYTES = 32;
    private static final int EXPIRY_BYTES = Long.BYTES;
    private static final int MAC_BYTES = 32;
    private static final int TOKEN_BYTES = ID_BYTES + EXPIRY_BYTES + MAC_BYTES;
    private static final HexFormat HEX = HexFormat.of();

    private final FleetSecrets secrets;
    private final Duration validity;

    OwnershipTokens(FleetSecrets secrets, ProvisioningConfig config) {
        this.secrets = secrets;
        this.validity = config.fleetProvisioning().ownershipTokenValidity();
    }

    Duration validity() {
        return validity;
    }

    /** A token for the certificate {@code certificateId} (lower-case hex of its SHA-256), valid from {@code now}. */
    String issue(String certificateId, Instant now) {
        ByteBuffer signed = ByteBuffer.allocate(ID_BYTES + EXPIRY_BYTES)
                .put(HEX.parseHex(certificateId))
                .putLong(now.plus(validity).toEpochMilli());
        byte[] token = ByteBuffer.allocate(TOKEN_BYTES)
                .put(signed.array())
                .put(secrets.tokenMac(signed.array()))
                .array();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(token);
    }

    /**
     * @return the id of the certificate the token names
     * @throws DeviceRejection InvalidCertificateOwnershipToken (400) when the token is empty, not one of this service's
     *     or expired
     */
    String certificateId(String token, Instant now) {
        if (token == null || token.isEmpty()) {
            throw DeviceRejection.invalidToken("Certificate ownership token cannot be empty.");
        }
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(token);
        } catch (IllegalArgumentException notBase64) {
            bytes = new byte[0];
        }
        if (bytes.length != TOKEN_BYTES
                || !FleetSecrets.sameMac(
                        secrets.tokenMac(Arrays.copyOf(bytes, ID_BYTES + EXPIRY_BYTES)),
                        Arrays.copyOfRange(bytes, ID_BYTES + EXPIRY_BYTES, TOKEN_BYTES))) {
            throw DeviceRejection.invalidToken(
                    "Certificate ownership token is not valid: it is not a token that this service issued.");
        }
        Instant expiry = Instant.ofEpochMilli(
                ByteBuffer.wrap(bytes, ID_BYTES, EXPIRY_BYTES).getLong());
        if (!now.isBefore(expiry)) {
            throw DeviceRejection.invalidToken("Certificate ownership token has expired (at " + expiry
                    + "): a token is valid for " + validity + " after its certificate is created.");
        }
        return HEX.formatHex(bytes, 0, ID_BYTES);
    }
}

package io.iotdm.aws.protocol;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Opaque {@code nextToken}/{@code marker} values that a client can neither forge nor reuse for another request: a
 * token carries the service's cursor and an HMAC-SHA256 over the cursor, the operation and the request's filter
 * parameters (base64url). AWS answers a token from another listing with InvalidRequestException, so do we.
 */
public final class PaginationTokens {

    private static final String HMAC = "HmacSHA256";
    private static final int MAC_BYTES = 32;
    private static final AwsErrorCode INVALID_REQUEST = AwsErrorCode.protocol("InvalidRequestException", 400);

    private final SecretKeySpec key;

    /** @param secretKey at least 32 bytes, the same for every instance of a service so tokens survive a hop */
    public PaginationTokens(byte[] secretKey) {
        if (secretKey.length < MAC_BYTES) {
            throw new IllegalArgumentException("A pagination secret needs at least " + MAC_BYTES + " bytes");
        }
        this.key = new SecretKeySpec(secretKey.clone(), HMAC);
    }

    /**
     * @param filters the request parameters that select what is listed (not the page size), for example
     *     {@code thingTypeName} of ListThings
     * @param cursor where the next page starts, in the service's own terms
     */
    public String issue(String operation, Map<String, String> filters, String cursor) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(signed(operation, filters, cursor));
    }

    /**
     * {@link #issue} for the older listings that page with {@code marker}: their model requires standard base64
     * ({@code [A-Za-z0-9+/]+={0,2}}), which {@link #cursor} reads as well.
     */
    public String issueMarker(String operation, Map<String, String> filters, String cursor) {
        return Base64.getEncoder().encodeToString(signed(operation, filters, cursor));
    }

    private byte[] signed(String operation, Map<String, String> filters, String cursor) {
        byte[] cursorBytes = cursor.getBytes(StandardCharsets.UTF_8);
        byte[] token = Arrays.copyOf(cursorBytes, cursorBytes.length + MAC_BYTES);
        System.arraycopy(mac(operation, filters, cursorBytes), 0, token, cursorBytes.length, MAC_BYTES);
        return token;
    }

    /**
     * @return the cursor the token was issued with
     * @throws AwsServiceException InvalidRequestException when the token is malformed, forged, or was issued for
     *     another operation or other filters
     */
    public String cursor(String operation, Map<String, String> filters, String token) {
        byte[] bytes;
        try {
            // a marker is standard base64: the same bytes in the other alphabet
            bytes = Base64.getUrlDecoder().decode(token.replace('+', '-').replace('/', '_'));
        } catch (IllegalArgumentException notBase64) {
            throw invalid();
        }
        if (bytes.length < MAC_BYTES) {
            throw invalid();
        }
        byte[] cursor = Arrays.copyOf(bytes, bytes.length - MAC_BYTES);
        byte[] mac = Arrays.copyOfRange(bytes, cursor.length, bytes.length);
        if (!MessageDigest.isEqual(mac, mac(operation, filters, cursor))) {
            throw invalid();
        }
        return new String(cursor, StandardCharsets.UTF_8);
    }

    /** Each field is length-prefixed, so that no two different requests sign the same bytes. */
    private byte[] mac(String operation, Map<String, String> filters, byte[] cursor) {
        ByteArrayOutputStream signed = new ByteArrayOutputStream();
        field(signed, operation.getBytes(StandardCharsets.UTF_8));
        new TreeMap<>(filters).forEach((name, value) -> {
            field(signed, name.getBytes(StandardCharsets.UTF_8));
            field(signed, value.getBytes(StandardCharsets.UTF_8));
        });
        field(signed, cursor);
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(key);
            return mac.doFinal(signed.toByteArray());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    private static void field(ByteArrayOutputStream out, byte[] bytes) {
        out.writeBytes(ByteBuffer.allocate(Integer.BYTES).putInt(bytes.length).array());
        out.writeBytes(bytes);
    }

    private static AwsServiceException invalid() {
        return new AwsServiceException(INVALID_REQUEST, "Invalid pagination token");
    }
}

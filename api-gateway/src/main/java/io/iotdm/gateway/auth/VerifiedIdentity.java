package io.iotdm.gateway.auth;

import java.time.Instant;

/**
 * Who signed the request and for what. {@code service} is the signing name from the credential scope
 * ({@code iot}, {@code iotdata}, {@code iot-jobs-data}, {@code signer}, ...), which the gateway routes on.
 *
 * @param payloadHash  the payload hash that was signed: a hex digest, {@code UNSIGNED-PAYLOAD} or {@code STREAMING-*}
 * @param sessionToken the X-Amz-Security-Token that was presented (already checked against the credentials), or null
 */
public record VerifiedIdentity(
        String accessKeyId,
        String region,
        String service,
        Instant signedAt,
        boolean presigned,
        String payloadHash,
        String sessionToken) {

    /** False when the body is NOT covered by the signature (UNSIGNED-PAYLOAD, or aws-chunked STREAMING-*). */
    public boolean payloadSigned() {
        return !payloadHash.equals(SigV4Verifier.UNSIGNED_PAYLOAD) && !payloadHash.startsWith("STREAMING-");
    }
}

package io.iotdm.registry.shadow;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * A rejected shadow request: the HTTP status and AWS's message text. Over MQTT it becomes the
 * {@code /rejected} payload ({@link #errorPayload}); over REST the status and message are returned directly.
 */
public final class ShadowException extends RuntimeException {

    private final int httpStatus;
    private final String clientToken;

    public ShadowException(int httpStatus, String message) {
        this(httpStatus, message, null);
    }

    /** @param clientToken the request's token, or null; AWS echoes it once the request parsed as JSON */
    public ShadowException(int httpStatus, String message, String clientToken) {
        // Rejections are routine device input, not bugs: skip the stack-trace capture.
        super(message, null, false, false);
        this.httpStatus = httpStatus;
        this.clientToken = clientToken;
    }

    /**
     * 404 for GET/DELETE of a shadow that does not exist or is deleted; AWS quotes the name
     * ({@code No shadow exists with name: 'Limits'}). AWS's wording for the classic shadow is not documented; pass
     * the thing name there.
     */
    public static ShadowException noShadow(String shadowName, String clientToken) {
        return new ShadowException(404, "No shadow exists with name: '" + shadowName + "'", clientToken);
    }

    public int httpStatus() {
        return httpStatus;
    }

    public Optional<String> clientToken() {
        return Optional.ofNullable(clientToken);
    }

    /** The MQTT {@code /rejected} body: {@code {"code","message","timestamp","clientToken"?}}. */
    public byte[] errorPayload(long nowEpochSeconds) {
        ObjectNode body = ShadowJson.object();
        body.put("code", httpStatus);
        body.put("message", getMessage());
        body.put("timestamp", nowEpochSeconds);
        if (clientToken != null) {
            body.put("clientToken", clientToken);
        }
        return ShadowJson.write(body);
    }
}

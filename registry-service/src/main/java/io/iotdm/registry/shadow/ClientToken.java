package io.iotdm.registry.shadow;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** The {@code clientToken} a request may carry so the client can match responses to it. */
public final class ClientToken {

    /** AWS: "The client token can be no longer than 64 bytes" (UTF-8 bytes, not characters). */
    static final int MAX_BYTES = 64;

    private ClientToken() {}

    /**
     * The token of a {@code /get} or {@code /delete} request. Those bodies are otherwise ignored, so a body that is
     * empty, not JSON or carries an unusable token simply yields no token instead of an error.
     */
    public static Optional<String> fromRequest(byte[] body) {
        if (body == null || body.length == 0) {
            return Optional.empty();
        }
        try {
            JsonNode token = ShadowJson.read(body).get("clientToken");
            return token != null && token.isTextual() && fits(token.textValue())
                    ? Optional.of(token.textValue())
                    : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The token member of an update request: null when absent or JSON null, else a string of at most 64 bytes. */
    static String validate(JsonNode token) {
        if (token == null || token.isNull()) {
            return null;
        }
        if (!token.isTextual() || !fits(token.textValue())) {
            throw new ShadowException(400, "Invalid clientToken");
        }
        return token.textValue();
    }

    private static boolean fits(String token) {
        // Every UTF-16 unit takes at least one UTF-8 byte, so a long string fails without being encoded.
        return token.length() <= MAX_BYTES && token.getBytes(StandardCharsets.UTF_8).length <= MAX_BYTES;
    }
}

package io.iotdm.gateway.auth;

/**
 * A rejected request, carrying what AWS REST-JSON services answer: HTTP status, the error code for the
 * {@code x-amzn-ErrorType} header, and the message for the {@code {"message": ...}} body.
 */
public final class SigV4Exception extends Exception {

    static final String MISSING_TOKEN = "MissingAuthenticationTokenException";
    static final String INCOMPLETE = "IncompleteSignatureException";
    static final String INVALID = "InvalidSignatureException";
    static final String UNRECOGNIZED = "UnrecognizedClientException";

    private final int httpStatus;
    private final String errorCode;

    SigV4Exception(int httpStatus, String errorCode, String message) {
        // no stack trace: this is an expected outcome on the request path, not a bug
        super(message, null, false, false);
        this.httpStatus = httpStatus;
        this.errorCode = errorCode;
    }

    // REST-JSON services (IoT included) answer every SigV4 rejection with 403; see the report for sources.
    static SigV4Exception missingToken() {
        return new SigV4Exception(403, MISSING_TOKEN, "Missing Authentication Token");
    }

    static SigV4Exception incomplete(String message) {
        return new SigV4Exception(403, INCOMPLETE, message);
    }

    static SigV4Exception invalid(String message) {
        return new SigV4Exception(403, INVALID, message);
    }

    static SigV4Exception unrecognized() {
        return new SigV4Exception(403, UNRECOGNIZED, "The security token included in the request is invalid.");
    }

    public int httpStatus() {
        return httpStatus;
    }

    /** Value for the {@code x-amzn-ErrorType} response header. */
    public String errorCode() {
        return errorCode;
    }

    /** {@code {"message":"..."}}, the REST-JSON error body. */
    public String jsonBody() {
        StringBuilder sb = new StringBuilder("{\"message\":\"");
        for (char c : getMessage().toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
                    else sb.append(c);
                }
            }
        }
        return sb.append("\"}").toString();
    }
}

package io.iotdm.e2e.fuzz;

import io.iotdm.aws.protocol.Operation;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * One request of the fuzz run, as it goes on the wire before signing.
 *
 * @param violation what is wrong with it, for example {@code TOO_LONG thingName} or {@code EXPIRED signature}
 * @param pathAndQuery the raw (percent-encoded) path and query
 * @param signingName the SigV4 service name the request is signed for ({@code iot}, {@code iotdata})
 * @param signing how it is signed; every way but {@link Signing#PROPER} must answer 403
 */
record FuzzCase(
        Operation operation,
        String violation,
        String method,
        String pathAndQuery,
        Map<String, List<String>> headers,
        byte[] body,
        String signingName,
        Signing signing) {

    /** How a request is signed: properly, or one of the ways a signature must be refused. */
    enum Signing {
        PROPER,
        UNSIGNED,
        WRONG_SECRET,
        EXPIRED,
        FUTURE,
        TAMPERED_BODY,
        EXPIRED_PRESIGNED_URL
    }

    FuzzCase signed(Signing how) {
        return new FuzzCase(operation, how + " signature", method, pathAndQuery, headers, body, signingName, how);
    }

    /** The request in a line, enough to send it again by hand (a long body is cut). */
    String describe() {
        String text = new String(body, StandardCharsets.UTF_8);
        return operation.name() + " [" + violation + "] " + method + " " + abbreviate(pathAndQuery) + " "
                + (headers.isEmpty() ? "" : headers + " ") + abbreviate(text);
    }

    private static String abbreviate(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "... (" + text.length() + " chars)";
    }
}

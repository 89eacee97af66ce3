package io.iotdm.e2e.fuzz;

import java.nio.charset.StandardCharsets;

/** Percent-encoding of URI labels and query parameters as the AWS SDKs do it (RFC 3986 unreserved kept). */
final class Encoding {

    private Encoding() {}

    /** @param greedy a greedy label ({@code {key+}}) keeps its slashes */
    static String encode(String text, boolean greedy) {
        StringBuilder encoded = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xFF);
            if ((c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || c == '-'
                    || c == '_'
                    || c == '.'
                    || c == '~'
                    || (greedy && c == '/')) {
                encoded.append(c);
            } else {
                encoded.append('%').append(String.format("%02X", b & 0xFF));
            }
        }
        return encoded.toString();
    }
}

package io.iotdm.gateway.auth;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** SigV4 canonical-request building blocks (AWS SigV4 spec; cross-checked against SDK v2 and botocore). */
final class SigV4Canonical {

    private static final HexFormat HEX = HexFormat.of();
    private static final char[] UPPER_HEX = "0123456789ABCDEF".toCharArray();

    private SigV4Canonical() {}

    /**
     * Canonical URI. Non-S3 services: remove dot segments and empty segments, then URI-encode the
     * already-encoded path once more ("double encoding": {@code %3A} becomes {@code %253A}), exactly what
     * SDK v2 (DOUBLE_URL_ENCODE + NORMALIZE_PATH) and botocore do. S3: the raw path as sent, untouched.
     */
    static String uri(String rawPath, boolean s3Style) {
        if (s3Style) return rawPath.isEmpty() ? "/" : rawPath;
        return encode(normalizePath(rawPath), true);
    }

    /** RFC 3986 remove_dot_segments plus collapsing "//", as botocore and java.net.URI#normalize do. */
    static String normalizePath(String path) {
        if (path.isEmpty()) return "/";
        List<String> out = new ArrayList<>();
        for (String seg : path.split("/", -1)) {
            if (seg.isEmpty() || seg.equals(".")) continue;
            if (seg.equals("..")) {
                if (!out.isEmpty()) out.remove(out.size() - 1);
            } else {
                out.add(seg);
            }
        }
        // keep a trailing slash only if the input had one and something is left ("/foo/bar/." -> "/foo/bar")
        String trailing = path.endsWith("/") && !out.isEmpty() ? "/" : "";
        return "/" + String.join("/", out) + trailing;
    }

    /**
     * Canonical query string: every name and value percent-decoded then re-encoded the canonical way (so
     * {@code %7e}/{@code ~}, {@code %2f}/{@code %2F} agree), sorted by name then value. '+' is a literal plus, NOT
     * a space: SDKs send spaces as %20, and the app layer must decode the query the same way.
     */
    static String query(String rawQuery, String excludedName) {
        List<String[]> pairs = new ArrayList<>();
        for (String[] p : parseQuery(rawQuery)) {
            if (p[0].isEmpty() || decode(p[0]).equals(excludedName)) continue; // SDK v2 never signs empty names
            pairs.add(new String[] {recode(p[0]), p[1] == null ? "" : recode(p[1])}); // "flag" signs as "flag="
        }
        pairs.sort(Comparator.<String[], String>comparing(p -> p[0]).thenComparing(p -> p[1]));
        StringBuilder sb = new StringBuilder();
        for (String[] p : pairs) {
            if (!sb.isEmpty()) sb.append('&');
            sb.append(p[0]).append('=').append(p[1]);
        }
        return sb.toString();
    }

    /** Raw (still encoded) name/value pairs in order; value null when there is no '='. Empty segments dropped. */
    static List<String[]> parseQuery(String rawQuery) {
        List<String[]> out = new ArrayList<>();
        if (rawQuery == null || rawQuery.isEmpty()) return out;
        for (String part : rawQuery.split("&")) {
            if (part.isEmpty()) continue;
            int eq = part.indexOf('=');
            out.add(eq < 0 ? new String[] {part, null} : new String[] {part.substring(0, eq), part.substring(eq + 1)});
        }
        return out;
    }

    /** First decoded value of a query parameter (exact, case-sensitive name), or null. */
    static String queryParam(List<String[]> pairs, String name) {
        for (String[] p : pairs) {
            if (decode(p[0]).equals(name)) return p[1] == null ? "" : decode(p[1]);
        }
        return null;
    }

    /**
     * Canonical header block entry value: every value trimmed, inner whitespace runs collapsed to one space
     * (this also undoes obs-fold line folding), same-name headers joined with ','.
     */
    static String headerValue(List<String> values) {
        StringBuilder sb = new StringBuilder();
        for (String v : values) {
            if (!sb.isEmpty()) sb.append(',');
            sb.append(String.join(" ", v.strip().split("[ \\t\\n\\x0B\\f\\r]+")));
        }
        return sb.toString();
    }

    /** Percent-decode %XX (invalid escapes stay literal), UTF-8. '+' is left alone on purpose. */
    static String decode(String raw) {
        return new String(decodeBytes(raw), StandardCharsets.UTF_8);
    }

    private static String recode(String raw) {
        return encodeBytes(decodeBytes(raw), false);
    }

    private static byte[] decodeBytes(String raw) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            int hi, lo;
            if (c == '%'
                    && i + 2 < raw.length()
                    && (hi = Character.digit(raw.charAt(i + 1), 16)) >= 0
                    && (lo = Character.digit(raw.charAt(i + 2), 16)) >= 0) {
                out.write((hi << 4) | lo);
                i += 2;
            } else if (c < 0x80) {
                out.write(c);
            } else {
                // a raw non-ASCII char (or surrogate pair) is taken as its UTF-8 bytes
                int end = Character.isHighSurrogate(c) && i + 1 < raw.length() ? i + 2 : i + 1;
                out.writeBytes(raw.substring(i, end).getBytes(StandardCharsets.UTF_8));
                i = end - 1;
            }
        }
        return out.toByteArray();
    }

    /** SigV4 UriEncode: unreserved (A-Z a-z 0-9 - _ . ~) kept, '/' kept if asked, everything else %XX uppercase. */
    static String encode(String s, boolean keepSlash) {
        return encodeBytes(s.getBytes(StandardCharsets.UTF_8), keepSlash);
    }

    private static String encodeBytes(byte[] bytes, boolean keepSlash) {
        StringBuilder sb = new StringBuilder(bytes.length + 16);
        for (byte b : bytes) {
            int c = b & 0xff;
            if ((c >= 'A' && c <= 'Z')
                    || (c >= 'a' && c <= 'z')
                    || (c >= '0' && c <= '9')
                    || c == '-'
                    || c == '_'
                    || c == '.'
                    || c == '~'
                    || (keepSlash && c == '/')) {
                sb.append((char) c);
            } else {
                sb.append('%').append(UPPER_HEX[c >> 4]).append(UPPER_HEX[c & 0xf]);
            }
        }
        return sb.toString();
    }

    static String sha256Hex(byte[] data) {
        try {
            return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String sha256Hex(String s) {
        return sha256Hex(s.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String hex(byte[] b) {
        return HEX.formatHex(b);
    }
}

package io.iotdm.gateway.auth;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A request exactly as received. Nothing may be decoded or re-encoded before it gets here: the client signed
 * the bytes it sent, so {@code rawPath}/{@code rawQuery} must be the percent-encoded forms from the request line
 * (e.g. {@code URI.getRawPath()}, never {@code getPath()}).
 *
 * @param headers        any case; same-name headers are merged into one case-insensitive list, in arrival order
 * @param body           the full body, or {@code null} when {@code bodySha256Hex} is given instead
 * @param bodySha256Hex  lowercase hex SHA-256 of the body, for callers that stream and hash the body themselves
 */
public record SigV4Request(
        String method,
        String rawPath,
        String rawQuery,
        Map<String, List<String>> headers,
        byte[] body,
        String bodySha256Hex) {

    public SigV4Request {
        if (method == null) throw new IllegalArgumentException("method");
        rawPath = rawPath == null || rawPath.isEmpty() ? "/" : rawPath;
        rawQuery = rawQuery == null ? "" : rawQuery;
        TreeMap<String, List<String>> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (headers != null)
            headers.forEach(
                    (k, v) -> h.computeIfAbsent(k, x -> new ArrayList<>()).addAll(v));
        h.replaceAll((k, v) -> List.copyOf(v));
        headers = Collections.unmodifiableMap(h);
        if (bodySha256Hex != null) bodySha256Hex = bodySha256Hex.toLowerCase(Locale.ROOT);
        else if (body == null) body = new byte[0];
    }

    public static SigV4Request of(
            String method, String rawPath, String rawQuery, Map<String, List<String>> headers, byte[] body) {
        return new SigV4Request(method, rawPath, rawQuery, headers, body, null);
    }

    public static SigV4Request withBodyHash(
            String method, String rawPath, String rawQuery, Map<String, List<String>> headers, String bodySha256Hex) {
        return new SigV4Request(method, rawPath, rawQuery, headers, null, bodySha256Hex);
    }

    /** First value of a header (case-insensitive), or null. */
    public String header(String name) {
        List<String> v = headers.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    List<String> headerValues(String name) {
        return headers.getOrDefault(name, List.of());
    }

    String bodyHash() {
        return bodySha256Hex != null ? bodySha256Hex : SigV4Canonical.sha256Hex(body);
    }
}

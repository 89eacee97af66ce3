package io.iotdm.gateway.proxy;

import io.vertx.core.MultiMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Which headers cross the gateway. Hop-by-hop headers (RFC 9110 §7.6.1), and any header a {@code Connection} header
 * names, describe one connection and must not be forwarded on the next.
 */
final class HopByHop {

    private static final Set<String> HOP_BY_HOP = Set.of(
            "connection",
            "keep-alive",
            "proxy-authenticate",
            "proxy-authorization",
            "proxy-connection",
            "te",
            "trailer",
            "transfer-encoding",
            "upgrade");

    /**
     * Besides hop-by-hop: Host (the client rewrites it for the upstream), Authorization (verified here; the upstream
     * gets the identity in x-iotdm-* headers instead), Content-Length (recomputed from the buffered body), Expect
     * (answered here), and whatever the gateway itself sets, so that a client cannot forge an identity.
     */
    private static final Set<String> NOT_FORWARDED = Set.of("host", "authorization", "content-length", "expect");

    static final String GATEWAY_HEADER_PREFIX = "x-iotdm-";

    private HopByHop() {}

    /** Copies the client's headers that the upstream may see. */
    static void copyRequestHeaders(MultiMap from, MultiMap to) {
        Set<String> named = namedByConnection(from);
        for (Map.Entry<String, String> header : from) {
            String name = header.getKey().toLowerCase(Locale.ROOT);
            if (HOP_BY_HOP.contains(name)
                    || NOT_FORWARDED.contains(name)
                    || name.startsWith(GATEWAY_HEADER_PREFIX)
                    || name.equals(ResponseStamp.REQUEST_ID_LOWER)
                    || named.contains(name)) {
                continue;
            }
            to.add(header.getKey(), header.getValue());
        }
    }

    /** Copies the upstream's response headers that the client may see. */
    static void copyResponseHeaders(MultiMap from, MultiMap to) {
        Set<String> named = namedByConnection(from);
        for (Map.Entry<String, String> header : from) {
            String name = header.getKey().toLowerCase(Locale.ROOT);
            if (HOP_BY_HOP.contains(name) || named.contains(name)) {
                continue;
            }
            to.add(header.getKey(), header.getValue());
        }
    }

    private static Set<String> namedByConnection(MultiMap headers) {
        if (!headers.contains("Connection")) {
            return Set.of();
        }
        Set<String> named = new HashSet<>();
        for (String value : headers.getAll("Connection")) {
            for (String token : value.split(",")) {
                named.add(token.strip().toLowerCase(Locale.ROOT));
            }
        }
        return named;
    }
}

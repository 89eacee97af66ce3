package io.iotdm.gateway.routing;

import java.net.URI;
import java.util.Locale;

/**
 * Where one iotdm service listens, parsed once from its configured URL.
 *
 * @param basePath prefixed to the request's raw path; empty for a URL without a path
 */
public record Upstream(String owner, boolean ssl, String host, int port, String basePath) {

    static Upstream of(String owner, URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || url.getHost() == null) {
            throw new IllegalStateException("iotdm.gateway.services." + owner + ".url must be an http(s) URL with a "
                    + "host, got '" + url + "'");
        }
        if (url.getRawQuery() != null || url.getRawFragment() != null) {
            throw new IllegalStateException(
                    "iotdm.gateway.services." + owner + ".url must not have a query or fragment: '" + url + "'");
        }
        boolean ssl = scheme.equals("https");
        int port = url.getPort() > 0 ? url.getPort() : ssl ? 443 : 80;
        String path = url.getRawPath() == null ? "" : url.getRawPath();
        String basePath = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        return new Upstream(owner, ssl, url.getHost(), port, basePath);
    }
}

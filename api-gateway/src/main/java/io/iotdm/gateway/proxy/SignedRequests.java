package io.iotdm.gateway.proxy;

import io.iotdm.gateway.auth.SigV4Request;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What the verifier needs to see of a Vert.x request: exactly the bytes the client signed. */
final class SignedRequests {

    private SignedRequests() {}

    static SigV4Request of(HttpServerRequest request, Buffer body) {
        Map<String, List<String>> headers = new HashMap<>();
        request.headers().forEach(header -> headers.computeIfAbsent(header.getKey(), name -> new ArrayList<>(1))
                .add(header.getValue()));
        if (!request.headers().contains("host") && request.authority() != null) {
            // HTTP/2 (also a request upgraded from HTTP/1.1 with h2c) carries the signed Host as :authority
            headers.put("host", List.of(request.authority().toString()));
        }
        // path() and query() are the raw, still percent-encoded parts of the request line, as SigV4 requires
        return SigV4Request.of(request.method().name(), request.path(), request.query(), headers, body.getBytes());
    }

    /** The raw request target: what the operation table matches and what the upstream receives. */
    static String target(HttpServerRequest request) {
        String query = request.query();
        return query == null ? request.path() : request.path() + "?" + query;
    }
}

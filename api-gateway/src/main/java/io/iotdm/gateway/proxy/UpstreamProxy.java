package io.iotdm.gateway.proxy;

import io.iotdm.gateway.auth.VerifiedIdentity;
import io.iotdm.gateway.config.GatewayConfig;
import io.iotdm.gateway.routing.GatewayErrors;
import io.iotdm.gateway.routing.Route;
import io.iotdm.gateway.routing.Upstream;
import io.iotdm.service.auth.InternalSignature;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

/**
 * Sends a verified request to the service that owns its operation and streams the answer back. Nothing here blocks:
 * the upstream call and the response body travel on the event loop, with backpressure from the client's socket.
 */
@Singleton
final class UpstreamProxy {

    // Who signed, for which service, and the operation: the upstream trusts these (clients' copies are dropped), as
    // the gateway signs them with the internal secret (InternalSignature.SIGNED_HEADERS).
    static final String SIGNING_SERVICE = "x-iotdm-signing-service";
    static final String OPERATION = "x-iotdm-operation";
    static final String ACCESS_KEY = "x-iotdm-access-key";

    private static final Logger LOG = Logger.getLogger(UpstreamProxy.class);

    private final HttpClient client;
    private final InternalSignature signature;
    private final long connectTimeoutMillis;
    private final long responseTimeoutMillis;

    @Inject
    UpstreamProxy(HttpClient client, GatewayConfig config, InternalSignature signature) {
        this.client = client;
        this.signature = signature;
        this.connectTimeoutMillis = config.upstream().connectTimeout().toMillis();
        this.responseTimeoutMillis = config.upstream().responseTimeout().toMillis();
    }

    void forward(HttpServerRequest in, Buffer body, String requestId, VerifiedIdentity identity, Route route) {
        Upstream upstream = route.upstream();
        MultiMap headers = HttpHeaders.headers();
        HopByHop.copyRequestHeaders(in.headers(), headers);
        headers.set(ResponseStamp.REQUEST_ID, requestId)
                .set(SIGNING_SERVICE, identity.service())
                .set(OPERATION, route.operation().name())
                .set(ACCESS_KEY, identity.accessKeyId());
        String target = upstream.basePath() + SignedRequests.target(in);
        signature
                .sign(InternalSignature.httpParts(in.method().name(), target, headers::get))
                .forEach(headers::set);
        RequestOptions options = new RequestOptions()
                .setMethod(in.method())
                .setSsl(upstream.ssl())
                .setHost(upstream.host())
                .setPort(upstream.port())
                .setURI(target)
                .setHeaders(headers)
                .setConnectTimeout(connectTimeoutMillis)
                .setIdleTimeout(responseTimeoutMillis);
        boolean hasBody = body.length() > 0 || in.headers().contains(HttpHeaders.CONTENT_LENGTH);
        HttpServerResponse out = in.response();
        client.request(options)
                .compose(request -> hasBody ? request.send(body) : request.send())
                .onSuccess(response -> relay(response, in.method(), out, requestId))
                .onFailure(error -> {
                    LOG.warnf(
                            "%s %s: %s %s:%d did not answer: %s",
                            requestId,
                            route.operation().name(),
                            upstream.owner(),
                            upstream.host(),
                            upstream.port(),
                            error.toString());
                    ErrorReplies.send(out, requestId, GatewayErrors.unreachable(route));
                });
    }

    /** Status and headers first, then the body piped chunk by chunk: never the whole answer in memory. */
    private static void relay(
            HttpClientResponse response, HttpMethod method, HttpServerResponse out, String requestId) {
        if (out.closed()) {
            response.request().reset(); // the client left; free the upstream connection
            return;
        }
        out.setStatusCode(response.statusCode());
        HopByHop.copyResponseHeaders(response.headers(), out.headers());
        ResponseStamp.stamp(out.headers(), requestId);
        if (!out.headers().contains(HttpHeaders.CONTENT_LENGTH) && hasBody(response.statusCode(), method)) {
            out.setChunked(true); // the upstream streamed without a length (chunked), so does the gateway
        }
        response.pipe().endOnFailure(false).to(out).onFailure(error -> {
            // mid-body: no error answer is possible any more; cut both sides rather than truncate silently
            LOG.debugf("%s: relaying the response failed: %s", requestId, error.toString());
            response.request().reset();
            out.reset();
        });
    }

    private static boolean hasBody(int status, HttpMethod method) {
        return method != HttpMethod.HEAD && status != 204 && status != 304 && status >= 200;
    }
}

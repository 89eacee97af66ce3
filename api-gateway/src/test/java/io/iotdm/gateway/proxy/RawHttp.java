package io.iotdm.gateway.proxy;

import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * Requests exactly as a test wants them on the wire (any header, chunked or not), signed by the SDK's own SigV4
 * signer where asked. Vert.x's client, because the JDK's refuses headers such as Connection.
 */
final class RawHttp implements AutoCloseable {

    static final String ACCESS_KEY = "AKIAIOTDMLOCAL000001";
    static final String SECRET = "iotdm-local-secret-key-do-not-use-in-prod";

    /**
     * An answer of the gateway.
     *
     * @param sent the request target as it went on the wire (the signer may reorder the query)
     */
    record Answer(String sent, int status, MultiMap headers, Buffer body) {
        String text() {
            return body.toString();
        }

        String header(String name) {
            return headers.get(name);
        }
    }

    /** A request to send: method, raw target, headers and body, optionally signed for a service. */
    record Call(
            String method,
            String target,
            Map<String, String> headers,
            byte[] body,
            String signFor,
            String secret,
            boolean presign,
            boolean streamed) {

        static Call of(String method, String target) {
            return new Call(method, target, new LinkedHashMap<>(), new byte[0], null, SECRET, false, false);
        }

        Call header(String name, String value) {
            Map<String, String> more = new LinkedHashMap<>(headers);
            more.put(name, value);
            return new Call(method, target, more, body, signFor, secret, presign, streamed);
        }

        Call body(byte[] bytes) {
            return new Call(method, target, headers, bytes, signFor, secret, presign, streamed);
        }

        Call signedFor(String service) {
            return new Call(method, target, headers, body, service, secret, presign, streamed);
        }

        Call secret(String other) {
            return new Call(method, target, headers, body, signFor, other, presign, streamed);
        }

        Call presigned() {
            return new Call(method, target, headers, body, signFor, secret, true, streamed);
        }

        /** Sent with Transfer-Encoding: chunked, so without Content-Length. */
        Call chunked() {
            return new Call(method, target, headers, body, signFor, secret, presign, true);
        }
    }

    /**
     * Header lines for a raw socket: a well-formed Authorization of the access key, dated now, whose signature is not
     * right. It passes the gateway's checks made before the body is read, and fails once the body is read.
     */
    static String unverifiedSignatureHeaders(String accessKey) {
        String now = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
                .withZone(ZoneOffset.UTC)
                .format(Instant.now());
        return "X-Amz-Date: " + now + "\r\nAuthorization: AWS4-HMAC-SHA256 Credential=" + accessKey + "/"
                + now.substring(0, 8) + "/us-east-1/iotdata/aws4_request, SignedHeaders=host;x-amz-date, Signature="
                + "0".repeat(64) + "\r\n";
    }

    private final Vertx vertx;
    private final HttpClient client;
    private final int port;

    RawHttp(Vertx vertx, int port) {
        this.vertx = vertx;
        this.client = vertx.createHttpClient();
        this.port = port;
    }

    Answer send(Call call) throws Exception {
        String target = call.target();
        MultiMap wire = MultiMap.caseInsensitiveMultiMap();
        if (call.signFor() == null) {
            call.headers().forEach(wire::add);
        } else {
            SdkHttpRequest signed = sign(call);
            URI uri = signed.getUri();
            target = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
            signed.headers().forEach(wire::add);
        }
        String sentTarget = target;
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.valueOf(call.method()))
                .setHost("127.0.0.1")
                .setPort(port)
                .setURI(target)
                .setHeaders(wire);
        // The whole exchange runs on one Vert.x context: chained from this (test) thread, the response could arrive
        // before body() installs its handler, and its bytes would be lost.
        Promise<Answer> answer = Promise.promise();
        vertx.getOrCreateContext().runOnContext(start -> client.request(options)
                .compose(request -> {
                    if (call.streamed()) {
                        request.setChunked(true);
                    }
                    return call.body().length == 0 && !call.streamed()
                            ? request.send()
                            : request.send(Buffer.buffer(call.body()));
                })
                .compose(response -> response.body()
                        .map(body -> new Answer(
                                sentTarget,
                                response.statusCode(),
                                MultiMap.caseInsensitiveMultiMap().addAll(response.headers()),
                                body)))
                .onComplete(answer));
        return answer.future().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    private SdkHttpRequest sign(Call call) {
        SdkHttpRequest.Builder request = SdkHttpRequest.builder()
                .method(SdkHttpMethod.fromValue(call.method()))
                .uri(URI.create("http://127.0.0.1:" + port + call.target()));
        call.headers().forEach(request::putHeader);
        return AwsV4HttpSigner.create()
                .sign(r -> {
                    r.identity(AwsCredentialsIdentity.create(ACCESS_KEY, call.secret()))
                            .request(request.build())
                            .payload(ContentStreamProvider.fromByteArray(call.body()))
                            .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
                            .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, call.signFor())
                            .putProperty(AwsV4HttpSigner.SIGNING_CLOCK, Clock.systemUTC());
                    if (call.presign()) {
                        r.putProperty(AwsV4HttpSigner.AUTH_LOCATION, AwsV4FamilyHttpSigner.AuthLocation.QUERY_STRING)
                                .putProperty(AwsV4HttpSigner.EXPIRATION_DURATION, Duration.ofMinutes(5));
                    }
                })
                .request();
    }

    @Override
    public void close() {
        client.close();
    }
}

package io.iotdm.bench;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * Requests signed with the AWS SDK's own SigV4 signer (service {@code iot}, or {@code signer}...; about 10 µs a request once warm), sent
 * over a non-blocking HTTP/1.1 {@link Transport} with keep-alive connections.
 */
final class SignedHttp implements AutoCloseable {

    /**
     * The outcome of one request: never an exception, so that callers count failures instead of losing them.
     *
     * @param headers the response headers that the transport kept (names in lower case; Vert.x keeps them all)
     */
    record Result(int status, String body, long startNanos, long endNanos, Map<String, String> headers) {
        Result(int status, String body, long startNanos, long endNanos) {
            this(status, body, startNanos, endNanos, Map.of());
        }

        /** A response header, or {@code null}. */
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        boolean ok() {
            return status == 200;
        }

        long micros() {
            return (endNanos - startNanos) / 1_000;
        }
    }

    /** Sends one request as given; completes with a {@link Result}, status -1 if there was no answer. */
    interface Transport extends AutoCloseable {
        CompletableFuture<Result> send(String method, URI uri, Map<String, List<String>> headers, byte[] body);

        @Override
        void close();
    }

    /** Which transport: Vert.x (Netty), the cheaper in CPU here, or java.net.http, for comparison. */
    enum Client {
        vertx,
        jdk
    }

    private final URI endpoint;
    private final String region;
    private final String signingName;
    private final AwsCredentialsIdentity identity;
    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();
    private final Transport transport;

    SignedHttp(
            URI endpoint,
            String accessKey,
            String secretKey,
            String region,
            String signingName,
            Client client,
            int threads,
            int connections,
            Duration timeout) {
        this.endpoint = endpoint;
        this.region = region;
        this.signingName = signingName;
        this.identity = AwsCredentialsIdentity.create(accessKey, secretKey);
        this.transport = switch (client) {
            case vertx -> new VertxTransport(endpoint, threads, connections, timeout);
            case jdk -> new JdkTransport(threads, timeout);
        };
    }

    /** Signs and sends; the latency clock starts after signing, when the transport takes the request. */
    CompletableFuture<Result> send(String method, String path, byte[] body) {
        URI uri = endpoint.resolve(path);
        SdkHttpRequest unsigned = SdkHttpRequest.builder()
                .method(SdkHttpMethod.fromValue(method))
                .uri(uri)
                .putHeader("Content-Type", "application/json")
                .build();
        SdkHttpRequest signed = signer.sign(r -> r.identity(identity)
                        .request(unsigned)
                        .payload(ContentStreamProvider.fromByteArray(body))
                        .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, signingName))
                .request();
        Map<String, List<String>> headers = new LinkedHashMap<>();
        signed.headers().forEach((name, values) -> {
            if (!name.toLowerCase(Locale.ROOT).equals("content-length")) { // the transport sets it from the body
                headers.put(name, values);
            }
        });
        return transport.send(method, uri, headers, body);
    }

    @Override
    public void close() {
        transport.close();
    }
}

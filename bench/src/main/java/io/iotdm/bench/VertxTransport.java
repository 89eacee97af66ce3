package io.iotdm.bench;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The Vert.x (Netty) HTTP/1.1 client on {@code threads} event loops, up to {@code connections} keep-alive
 * connections: the cheapest load generator here, so that the services get the CPU.
 */
final class VertxTransport implements SignedHttp.Transport {

    private final Vertx vertx;
    private final HttpClient client;
    private final String host;
    private final int port;
    private final long timeoutMillis;

    VertxTransport(URI endpoint, int threads, int connections, Duration timeout) {
        if (!"http".equals(endpoint.getScheme())) {
            throw new IllegalArgumentException("only http:// endpoints, got " + endpoint);
        }
        this.host = endpoint.getHost();
        this.port = endpoint.getPort() < 0 ? 80 : endpoint.getPort();
        this.timeoutMillis = timeout.toMillis();
        this.vertx = Vertx.vertx(new VertxOptions()
                .setEventLoopPoolSize(threads)
                .setWorkerPoolSize(1)
                .setInternalBlockingPoolSize(1)
                .setPreferNativeTransport(false));
        this.client = vertx.createHttpClient(
                new HttpClientOptions()
                        .setKeepAlive(true)
                        .setTcpNoDelay(true)
                        .setConnectTimeout(5_000)
                        .setDefaultHost(host)
                        .setDefaultPort(port),
                new PoolOptions().setHttp1MaxSize(connections).setEventLoopSize(threads));
    }

    @Override
    public CompletableFuture<SignedHttp.Result> send(
            String method, URI uri, Map<String, List<String>> headers, byte[] body) {
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.valueOf(method))
                .setHost(host)
                .setPort(port)
                .setURI(uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()))
                .setTimeout(timeoutMillis);
        headers.forEach((name, values) -> values.forEach(value -> options.addHeader(name, value)));
        CompletableFuture<SignedHttp.Result> result = new CompletableFuture<>();
        long start = System.nanoTime();
        client.request(options)
                .compose(request -> request.send(Buffer.buffer(body)))
                .compose(response -> response.body()
                        .map(b -> new SignedHttp.Result(
                                response.statusCode(), b.toString(), start, System.nanoTime(), headers(response))))
                .onComplete(done -> result.complete(
                        done.succeeded()
                                ? done.result()
                                : new SignedHttp.Result(-1, String.valueOf(done.cause()), start, System.nanoTime())));
        return result;
    }

    private static Map<String, String> headers(HttpClientResponse response) {
        Map<String, String> headers = new HashMap<>();
        response.headers().forEach(h -> headers.putIfAbsent(h.getKey().toLowerCase(Locale.ROOT), h.getValue()));
        return headers;
    }

    @Override
    public void close() {
        client.close();
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        } catch (Exception ignored) {
            // daemon threads; the JVM is exiting anyway
        }
    }
}

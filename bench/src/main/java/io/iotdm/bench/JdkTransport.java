package io.iotdm.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** java.net.http over HTTP/1.1: its selector thread does the I/O, {@code threads} threads run the completions. */
final class JdkTransport implements SignedHttp.Transport {

    /** Headers java.net.http sets itself and refuses from callers; the Host it sets is the one the signer signed. */
    private static final Set<String> SET_BY_CLIENT =
            Set.of("host", "content-length", "connection", "expect", "upgrade");

    private final ExecutorService executor;
    private final HttpClient client;
    private final Duration timeout;

    JdkTransport(int threads, Duration timeout) {
        this.timeout = timeout;
        this.executor = Executors.newFixedThreadPool(
                threads, Thread.ofPlatform().name("bench-http-", 0).daemon().factory());
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .executor(executor)
                .build();
    }

    @Override
    public CompletableFuture<SignedHttp.Result> send(
            String method, URI uri, Map<String, List<String>> headers, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach((name, values) -> {
            if (!SET_BY_CLIENT.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(value -> request.header(name, value));
            }
        });
        long start = System.nanoTime();
        return client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString())
                .handle((response, failure) -> failure == null
                        ? new SignedHttp.Result(response.statusCode(), response.body(), start, System.nanoTime())
                        : new SignedHttp.Result(-1, failure.toString(), start, System.nanoTime()));
    }

    @Override
    public void close() {
        client.close();
        executor.shutdownNow();
    }
}

package io.iotdm.gateway.proxy;

import io.quarkus.runtime.StartupEvent;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Two real HTTP servers standing in for registry-service and jobs-service: they record every request they receive
 * and answer whatever the test asks for (by default 200 {@code {}}).
 */
@Singleton
public class UpstreamStub {

    /** One request as an upstream service received it. */
    public record Received(String owner, String method, String uri, MultiMap headers, String body) {}

    final List<Received> received = new CopyOnWriteArrayList<>();
    private volatile BiConsumer<HttpServerRequest, Buffer> answer;
    private final List<HttpServer> servers = new CopyOnWriteArrayList<>();

    void start(
            @Observes StartupEvent start,
            Vertx vertx,
            @ConfigProperty(name = "iotdm.test.stub.registry-port") int registryPort,
            @ConfigProperty(name = "iotdm.test.stub.jobs-port") int jobsPort) {
        listen(vertx, "registry-service", registryPort);
        listen(vertx, "jobs-service", jobsPort);
    }

    private void listen(Vertx vertx, String owner, int port) {
        HttpServer server = vertx.createHttpServer()
                .requestHandler(request -> request.body().onSuccess(body -> {
                    received.add(new Received(
                            owner,
                            request.method().name(),
                            request.uri(),
                            MultiMap.caseInsensitiveMultiMap().addAll(request.headers()),
                            body.toString()));
                    BiConsumer<HttpServerRequest, Buffer> current = answer;
                    if (current == null) {
                        request.response()
                                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                                .end("{}");
                    } else {
                        current.accept(request, body);
                    }
                }));
        servers.add(server.listen(port, "127.0.0.1")
                .toCompletionStage()
                .toCompletableFuture()
                .join());
    }

    /** How the stub answers from now on; null restores the default. */
    void answer(BiConsumer<HttpServerRequest, Buffer> answer) {
        this.answer = answer;
    }

    void reset() {
        received.clear();
        answer = null;
    }

    Received last() {
        if (received.isEmpty()) {
            throw new AssertionError("no request reached an upstream");
        }
        return received.get(received.size() - 1);
    }
}

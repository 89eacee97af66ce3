package io.iotdm.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** OpenSearch's REST API, unsigned (devstack's node has no security plugin), through java.net.http over HTTP/1.1. */
final class OpenSearchHttp implements AutoCloseable {

    static final JsonMapper JSON = new JsonMapper();

    /** One answer: status and body. */
    record Answer(int status, String body) {
        boolean ok() {
            return status >= 200 && status < 300;
        }

        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new IllegalStateException("not JSON: " + body, e);
            }
        }

        Answer orThrow(String what) {
            if (!ok()) {
                throw new IllegalStateException(what + " answered " + status + ": " + body);
            }
            return this;
        }
    }

    private final URI base;
    private final HttpClient client;

    OpenSearchHttp(URI base) {
        this.base = base;
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    URI base() {
        return base;
    }

    Answer get(String path) throws IOException, InterruptedException {
        return send("GET", path, null, "application/json");
    }

    Answer put(String path, String json) throws IOException, InterruptedException {
        return send("PUT", path, json.getBytes(StandardCharsets.UTF_8), "application/json");
    }

    Answer delete(String path) throws IOException, InterruptedException {
        return send("DELETE", path, null, "application/json");
    }

    Answer post(String path, String json) throws IOException, InterruptedException {
        return send("POST", path, json.getBytes(StandardCharsets.UTF_8), "application/json");
    }

    /** A {@code _bulk} request (NDJSON), sent without waiting for it. */
    CompletableFuture<Answer> bulkAsync(String path, byte[] ndjson) {
        return client.sendAsync(
                        request("POST", path, ndjson, "application/x-ndjson"), HttpResponse.BodyHandlers.ofString())
                .thenApply(response -> new Answer(response.statusCode(), response.body()));
    }

    private Answer send(String method, String path, byte[] body, String contentType)
            throws IOException, InterruptedException {
        HttpResponse<String> response =
                client.send(request(method, path, body, contentType), HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.body());
    }

    private HttpRequest request(String method, String path, byte[] body, String contentType) {
        return HttpRequest.newBuilder(base.resolve(path))
                .timeout(Duration.ofMinutes(5))
                .header("Content-Type", contentType)
                .method(
                        method,
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
    }

    @Override
    public void close() {
        client.close();
    }
}

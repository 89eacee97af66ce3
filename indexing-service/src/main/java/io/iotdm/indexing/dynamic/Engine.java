package io.iotdm.indexing.dynamic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch.generic.Body;
import org.opensearch.client.opensearch.generic.OpenSearchGenericClient;
import org.opensearch.client.opensearch.generic.Request;
import org.opensearch.client.opensearch.generic.Requests;
import org.opensearch.client.opensearch.generic.Response;
import org.opensearch.client.transport.httpclient5.ResponseException;

/**
 * Raw JSON requests to OpenSearch for the dynamic-group code: the typed client knows neither {@code percolate} with
 * {@code documents} and its slot field, nor {@code if_seq_no} on bulk updates, nor {@code disable_objects}.
 */
@Singleton
class Engine {

    static final JsonMapper JSON = new JsonMapper();

    /** An answer: its status and its body (an empty object when it had none). */
    record Answer(int status, JsonNode body) {
        boolean ok() {
            return status >= 200 && status < 300;
        }

        Answer expectOk(String what) throws IOException {
            if (!ok()) {
                throw new IOException(what + " answered " + status + ": " + body);
            }
            return this;
        }
    }

    private final OpenSearchGenericClient client;

    Engine(OpenSearchClient client) {
        this.client = client.generic();
    }

    Answer json(String method, String endpoint, Map<String, String> query, String json) throws IOException {
        var request = Requests.builder().method(method).endpoint(endpoint).query(query);
        if (json != null) {
            request.json(json);
        }
        return execute(request.build());
    }

    Answer json(String method, String endpoint, String json) throws IOException {
        return json(method, endpoint, Map.of(), json);
    }

    /** A {@code _bulk} or {@code _msearch} body: one JSON document per line. */
    Answer ndjson(String endpoint, Map<String, String> query, String lines) throws IOException {
        return execute(Requests.builder()
                .method("POST")
                .endpoint(endpoint)
                .query(query)
                .body(Body.from(lines.getBytes(StandardCharsets.UTF_8), "application/x-ndjson"))
                .build());
    }

    /** The transport throws for some error statuses (409, 5xx): they are answers here like any other. */
    private Answer execute(Request request) throws IOException {
        try {
            return answer(client.execute(request));
        } catch (ResponseException e) {
            // the exception's message ends with the body it buffered
            JsonNode body = JSON.createObjectNode();
            String message = e.getMessage() == null ? "" : e.getMessage();
            int start = message.indexOf('{');
            if (start >= 0) {
                try {
                    body = JSON.readTree(message.substring(start));
                } catch (IOException unreadable) {
                    // the status says enough
                }
            }
            return new Answer(e.status(), body);
        }
    }

    private static Answer answer(Response response) throws IOException {
        try (response) {
            String text = response.getBody().map(Body::bodyAsString).orElse("");
            JsonNode body = text.isBlank() ? JSON.createObjectNode() : JSON.readTree(text);
            return new Answer(response.getStatus(), body);
        }
    }
}

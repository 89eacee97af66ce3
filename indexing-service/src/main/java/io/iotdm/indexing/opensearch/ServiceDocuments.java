package io.iotdm.indexing.opensearch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch.generic.Body;
import org.opensearch.client.opensearch.generic.OpenSearchGenericClient;
import org.opensearch.client.opensearch.generic.Requests;
import org.opensearch.client.opensearch.generic.Response;
import org.opensearch.client.transport.httpclient5.ResponseException;

/**
 * The service's own few documents (the indexing configuration, the state of the thing index): the service has no
 * database, so they live in OpenSearch, in a small index of their own ({@value #INDEX}, not dynamically mapped:
 * nothing in it is searched). GETs are realtime; a conditional write compares OpenSearch's sequence number and primary
 * term, so instances that race on one document cannot overwrite each other's change unseen.
 *
 * <p>Blocking: call on a worker thread.
 */
@Singleton
public class ServiceDocuments {

    public static final String INDEX = "iotdm_indexing_config";

    private static final JsonMapper JSON = new JsonMapper();
    private static final String INDEX_DEFINITION =
            "{\"settings\":{\"index\":{\"number_of_shards\":1,\"auto_expand_replicas\":\"0-1\"}},"
                    + "\"mappings\":{\"dynamic\":false}}";

    /** A stored document and the position a conditional write compares with. */
    public record Stored(JsonNode source, long seqNo, long primaryTerm) {}

    private final OpenSearchGenericClient client;
    private volatile boolean indexExists;

    ServiceDocuments(OpenSearchClient client) {
        this.client = client.generic();
    }

    public Optional<Stored> get(String id) {
        for (int attempt = 1; ; attempt++) {
            try {
                return read(id);
            } catch (ShardNotReady e) {
                if (attempt == 50) {
                    throw new IllegalStateException("Reading " + id + ": the index is not available");
                }
                sleep();
            }
        }
    }

    /** 503: a read right after the index was created can come before its shard has started. */
    private static final class ShardNotReady extends RuntimeException {
        ShardNotReady() {
            super(null, null, false, false);
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private Optional<Stored> read(String id) {
        try (Response response = client.execute(Requests.builder()
                .method("GET")
                .endpoint("/" + INDEX + "/_doc/" + id)
                .build())) {
            if (response.getStatus() == 404) {
                return Optional.empty(); // no such document, or no index yet
            }
            String body = response.getBody().map(Body::bodyAsString).orElse("");
            if (response.getStatus() != 200) {
                throw new IllegalStateException("Reading " + id + " answered " + response.getStatus() + ": " + body);
            }
            JsonNode document = JSON.readTree(body);
            if (!document.path("found").asBoolean(false)) {
                return Optional.empty();
            }
            return Optional.of(new Stored(
                    document.path("_source"),
                    document.path("_seq_no").asLong(),
                    document.path("_primary_term").asLong()));
        } catch (ResponseException e) {
            if (e.status() == 503) {
                throw new ShardNotReady();
            }
            throw new UncheckedIOException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Replaces the document unconditionally (last writer wins). */
    public void put(String id, JsonNode source) {
        int status = write(id, source, "");
        if (status != 200 && status != 201) {
            throw new IllegalStateException("Storing " + id + " answered " + status);
        }
    }

    /**
     * Writes the document if it is still as {@code expected} was read, or, with {@code expected} empty, if it does not
     * exist yet.
     *
     * @return false when another writer came first
     */
    public boolean putIf(String id, JsonNode source, Optional<Stored> expected) {
        String condition = expected.map(
                        stored -> "&if_seq_no=" + stored.seqNo() + "&if_primary_term=" + stored.primaryTerm())
                .orElse("&op_type=create");
        int status = write(id, source, condition);
        if (status == 409) {
            return false;
        }
        if (status != 200 && status != 201) {
            throw new IllegalStateException("Storing " + id + " answered " + status);
        }
        return true;
    }

    public void delete(String id) {
        execute("DELETE", "/" + INDEX + "/_doc/" + id, null);
    }

    private int write(String id, JsonNode source, String condition) {
        ensureIndex();
        return execute(
                "PUT",
                "/" + INDEX + "/_doc/" + id + (condition.isEmpty() ? "" : "?" + condition.substring(1)),
                source.toString());
    }

    /** Created with its definition before the first write (a write would auto-create it dynamically mapped). */
    private void ensureIndex() {
        if (indexExists) {
            return;
        }
        if (execute("HEAD", "/" + INDEX, null) == 404) {
            int created = execute("PUT", "/" + INDEX, INDEX_DEFINITION);
            if (created != 200 && created != 400) { // 400: another instance created it a moment ago
                throw new IllegalStateException("Creating " + INDEX + " answered " + created);
            }
        }
        indexExists = true;
    }

    private int execute(String method, String endpoint, String json) {
        var request = Requests.builder().method(method).endpoint(endpoint);
        if (json != null) {
            request.json(json);
        }
        try (Response response = client.execute(request.build())) {
            return response.getStatus();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

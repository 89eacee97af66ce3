package io.iotdm.indexing.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch.generic.Body;
import org.opensearch.client.opensearch.generic.OpenSearchGenericClient;
import org.opensearch.client.opensearch.generic.Requests;
import org.opensearch.client.opensearch.generic.Response;

/**
 * Where the indexing configuration lives: the service has no database, so in OpenSearch, one document
 * ({@value #DOCUMENT}) in a small index of its own ({@value #INDEX}, not dynamically mapped: nothing in it is
 * searched).
 *
 * <h2>Consistency between instances</h2>
 *
 * A write is a whole-document replace with {@code refresh=wait_for} (last writer wins; the API has no version to
 * compare). Reads go through a cache of {@code iotdm.indexing-config.cache-ttl}: the instance that wrote sees its write
 * at once (its cache is replaced), every other instance at most one TTL later. Until then a search on another
 * instance may still be answered under the previous configuration, as AWS's own configuration changes take a while
 * to apply. A missing index or document is the default configuration ({@link IndexingSettings#DEFAULT}).
 *
 * <p>Blocking: call on a worker thread.
 */
@Singleton
public class IndexingConfigurationStore {

    public static final String INDEX = "iotdm_indexing_config";
    static final String DOCUMENT = "current";

    private static final JsonMapper JSON = new JsonMapper();
    private static final String INDEX_DEFINITION =
            "{\"settings\":{\"index\":{\"number_of_shards\":1,\"auto_expand_replicas\":\"0-1\"}},"
                    + "\"mappings\":{\"dynamic\":false}}";

    private record Cached(IndexingSettings settings, long readAtNanos) {}

    private final OpenSearchGenericClient client;
    private final IndexingConfigurationConfig config;
    private volatile Cached cached;
    private volatile boolean indexExists;

    IndexingConfigurationStore(OpenSearchClient client, IndexingConfigurationConfig config) {
        this.client = client.generic();
        this.config = config;
    }

    /** The configuration in force, at most one cache TTL old. */
    public IndexingSettings current() {
        Cached snapshot = cached;
        long ttl = config.cacheTtl().toNanos();
        if (snapshot != null && ttl > 0 && System.nanoTime() - snapshot.readAtNanos() < ttl) {
            return snapshot.settings();
        }
        IndexingSettings settings = read();
        cached = new Cached(settings, System.nanoTime());
        return settings;
    }

    /** Replaces the stored configuration; visible to searches on every instance once this returns (and the TTL). */
    public void write(IndexingSettings settings) {
        if (!indexExists) {
            // Created with its definition before the first write (a write would auto-create it dynamically mapped);
            // idempotent: another instance may have created it a moment ago.
            if (execute("HEAD", "/" + INDEX, null) == 404) {
                int created = execute("PUT", "/" + INDEX, INDEX_DEFINITION);
                if (created != 200 && created != 400) { // 400: resource_already_exists_exception
                    throw new IllegalStateException("Creating " + INDEX + " answered " + created);
                }
            }
            indexExists = true;
        }
        int status = execute(
                "PUT",
                "/" + INDEX + "/_doc/" + DOCUMENT + "?refresh=wait_for",
                settings.document().toString());
        if (status != 200 && status != 201) {
            throw new IllegalStateException("Storing the indexing configuration answered " + status);
        }
        cached = new Cached(settings, System.nanoTime());
    }

    /** Back to the default configuration (the document removed). For tests and operators. */
    public void reset() {
        execute("DELETE", "/" + INDEX + "/_doc/" + DOCUMENT + "?refresh=wait_for", null);
        cached = null;
    }

    private IndexingSettings read() {
        try (Response response = client.execute(Requests.builder()
                .method("GET")
                .endpoint("/" + INDEX + "/_doc/" + DOCUMENT)
                .build())) {
            if (response.getStatus() == 404) {
                return IndexingSettings.DEFAULT;
            }
            String body = response.getBody().map(Body::bodyAsString).orElse("");
            if (response.getStatus() != 200) {
                throw new IllegalStateException(
                        "Reading the indexing configuration answered " + response.getStatus() + ": " + body);
            }
            JsonNode document = JSON.readTree(body);
            if (!document.path("found").asBoolean(false)) {
                return IndexingSettings.DEFAULT;
            }
            return new IndexingSettings(document.path("_source"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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

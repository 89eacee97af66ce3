package io.iotdm.indexing.index;

import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.jboss.logging.Logger;
import org.opensearch.client.opensearch.generic.Body;
import org.opensearch.client.opensearch.generic.OpenSearchGenericClient;
import org.opensearch.client.opensearch.generic.Requests;
import org.opensearch.client.opensearch.generic.Response;

/**
 * Index definitions (settings, mappings, aliases) read from the classpath, and the creation of an index from one,
 * idempotent and safe when several instances create it at once. Through the generic client: the typed mapping model
 * does not know {@code disable_objects}.
 */
final class IndexCreation {

    private static final Logger LOG = Logger.getLogger(IndexCreation.class);
    private static final JsonMapper JSON = new JsonMapper();

    private IndexCreation() {}

    /** The definition in {@code resource}, with {@code shards} primary shards. */
    static ObjectNode definition(String resource, int shards) {
        try (InputStream in = IndexCreation.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing");
            }
            ObjectNode definition = (ObjectNode) JSON.readTree(in);
            ((ObjectNode) definition.path("settings").path("index")).put("number_of_shards", shards);
            return definition;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Creates the index unless it exists. */
    static void create(OpenSearchGenericClient client, String index, ObjectNode definition) throws IOException {
        try (Response response = client.execute(Requests.builder()
                .method("PUT")
                .endpoint("/" + index)
                .json(definition.toString())
                .build())) {
            if (response.getStatus() == 200) {
                LOG.infof("Created the index %s", index);
                return;
            }
            String body = response.getBody().map(Body::bodyAsString).orElse("");
            if (response.getStatus() == 400 && body.contains("resource_already_exists_exception")) {
                return;
            }
            throw new IOException("creating " + index + " answered " + response.getStatus() + ": " + body);
        }
    }
}

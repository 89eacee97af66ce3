package io.iotdm.indexing.index;

import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.inject.Singleton;
import java.io.IOException;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch.generic.Body;
import org.opensearch.client.opensearch.generic.OpenSearchGenericClient;
import org.opensearch.client.opensearch.generic.Requests;
import org.opensearch.client.opensearch.generic.Response;

/**
 * The thing-group index {@value GroupIndex#PHYSICAL} with its alias (see {@link GroupIndex}): created when missing,
 * and marked in its mapping's {@code _meta} once filled from the group-service, so that an instance that dies while
 * filling leaves it to be filled again.
 */
@Singleton
public class GroupIndexSetup {

    private static final JsonMapper JSON = new JsonMapper();

    private final OpenSearchGenericClient client;
    private final ObjectNode definition;

    GroupIndexSetup(OpenSearchClient client, IndexConfig config) {
        this.client = client.generic();
        this.definition = IndexCreation.definition(GroupIndex.DEFINITION_RESOURCE, config.shards());
    }

    /** Creates the index and its alias unless the index exists. */
    public void create() throws IOException {
        IndexCreation.create(client, GroupIndex.PHYSICAL, definition);
    }

    /**
     * Whether the index exists and was filled from the group-service since it was created (its mapping's
     * {@code _meta}).
     */
    public boolean filled() throws IOException {
        try (Response response = client.execute(Requests.builder()
                .method("GET")
                .endpoint("/" + GroupIndex.PHYSICAL + "/_mapping")
                .build())) {
            String body = response.getBody().map(Body::bodyAsString).orElse("");
            if (response.getStatus() == 404) {
                return false;
            }
            if (response.getStatus() != 200) {
                throw new IOException("reading the mapping of " + GroupIndex.PHYSICAL + " answered "
                        + response.getStatus() + ": " + body);
            }
            return JSON.readTree(body)
                    .path(GroupIndex.PHYSICAL)
                    .path("mappings")
                    .path("_meta")
                    .path("filled")
                    .asBoolean(false);
        }
    }

    public void markFilled() throws IOException {
        try (Response response = client.execute(Requests.builder()
                .method("PUT")
                .endpoint("/" + GroupIndex.PHYSICAL + "/_mapping")
                .json("{\"_meta\":{\"filled\":true}}")
                .build())) {
            if (response.getStatus() != 200) {
                throw new IOException("marking " + GroupIndex.PHYSICAL + " filled answered " + response.getStatus()
                        + ": " + response.getBody().map(Body::bodyAsString).orElse(""));
            }
        }
    }
}

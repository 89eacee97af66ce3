package io.iotdm.indexing.index;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.inject.Singleton;
import java.io.IOException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch.generic.OpenSearchGenericClient;

/** Creates the thing-group index {@value GroupIndex#PHYSICAL} with its alias, once (see {@link GroupIndex}). */
@Singleton
public class GroupIndexSetup {

    private final OpenSearchGenericClient client;
    private final ObjectNode definition;

    GroupIndexSetup(
            OpenSearchClient client, @ConfigProperty(name = "iotdm.indexing.shards", defaultValue = "1") int shards) {
        this.client = client.generic();
        this.definition = IndexCreation.definition(GroupIndex.DEFINITION_RESOURCE, shards);
    }

    /** Creates the index and its alias unless the index exists. */
    public void create() throws IOException {
        IndexCreation.create(client, GroupIndex.PHYSICAL, definition);
    }
}

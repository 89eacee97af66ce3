package io.iotdm.indexing.index;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jboss.logging.Logger;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch.generic.Body;
import org.opensearch.client.opensearch.generic.OpenSearchGenericClient;
import org.opensearch.client.opensearch.generic.Requests;
import org.opensearch.client.opensearch.generic.Response;

/**
 * The physical thing indices and their aliases: creates a generation's index with the mapping, points
 * {@value ThingIndex#ALIAS} (filtered to live things) and {@value ThingIndex#BUILD_ALIAS} at the generations that
 * {@link io.iotdm.indexing.config.ThingIndexState} names, deletes the others, and stores {@link ThingPartScript}. Every step is idempotent and
 * safe when several instances run it at once. Through the generic client: the typed mapping model does not know
 * {@code disable_objects}.
 */
@Singleton
public class ThingIndexSetup {

    private static final Logger LOG = Logger.getLogger(ThingIndexSetup.class);
    private static final JsonMapper JSON = new JsonMapper();

    private final OpenSearchGenericClient client;
    private final ObjectNode definition;
    private final JsonNode liveAlias;

    ThingIndexSetup(OpenSearchClient client, IndexConfig config) {
        this.client = client.generic();
        this.definition = IndexCreation.definition(ThingIndex.DEFINITION_RESOURCE, config.shards());
        // the mapping's budget (every shadow key is a field): the consumer keeps new fields within it (FieldBudget)
        ((ObjectNode) definition.path("settings").path("index")).put("mapping.total_fields.limit", config.maxFields());
        this.liveAlias = definition.remove("aliases").path(ThingIndex.ALIAS);
    }

    /** Stores the part script that every write runs. */
    public void storeScript() throws IOException {
        ObjectNode script = JSON.createObjectNode();
        script.putObject("script").put("lang", "painless").put("source", ThingPartScript.SOURCE);
        expectOk("PUT", "/_scripts/" + ThingPartScript.ID, script.toString());
    }

    /** Creates a generation's index unless it exists. */
    public void create(long generation) throws IOException {
        IndexCreation.create(client, ThingIndex.physical(generation), definition);
    }

    /**
     * Gives a generation's existing index the explicit fields of the current definition that it lacks (a field added
     * in a later release, such as {@code sync.memberships}); a no-op for the others.
     */
    public void addMissingFields(long generation) throws IOException {
        ObjectNode mapping = JSON.createObjectNode();
        mapping.set("disable_objects", definition.path("mappings").path("disable_objects")); // else dots are paths
        mapping.set("properties", definition.path("mappings").path("properties"));
        expectOk("PUT", "/" + ThingIndex.physical(generation) + "/_mapping", mapping.toString());
    }

    public boolean exists(long generation) throws IOException {
        try (Response response = client.execute(Requests.builder()
                .method("HEAD")
                .endpoint("/" + ThingIndex.physical(generation))
                .build())) {
            return response.getStatus() == 200;
        }
    }

    /**
     * Points the aliases at the state's indices, in one atomic alias change (a search or a write through an alias
     * never finds it missing during a swap), and deletes every other {@code aws_things_v<n>}.
     *
     * @param live the physical index the live alias names, null for none
     * @param building the physical index the build alias names, null for none
     */
    public void apply(String live, String building) throws IOException {
        JsonNode current = json("GET", "/" + ThingIndex.PHYSICAL_PREFIX + "*/_alias");
        // removes before adds: OpenSearch checks each step, and the live alias may have one write index only
        ArrayNode removes = JsonNodeFactory.instance.arrayNode();
        ArrayNode actions = JsonNodeFactory.instance.arrayNode();
        List<String> stale = new ArrayList<>();
        for (var entry : current.properties()) {
            String index = entry.getKey();
            Set<String> aliases = Set.copyOf(iterable(entry.getValue().path("aliases")));
            if (!index.equals(live) && !index.equals(building)) {
                stale.add(index); // deleted once its aliases have moved
            }
            if (aliases.contains(ThingIndex.ALIAS) && !index.equals(live)) {
                removes.addObject().putObject("remove").put("index", index).put("alias", ThingIndex.ALIAS);
            }
            if (aliases.contains(ThingIndex.BUILD_ALIAS) && !index.equals(building)) {
                removes.addObject().putObject("remove").put("index", index).put("alias", ThingIndex.BUILD_ALIAS);
            }
            if (index.equals(live) && !aliases.contains(ThingIndex.ALIAS)) {
                ObjectNode add =
                        actions.addObject().putObject("add").put("index", index).put("alias", ThingIndex.ALIAS);
                add.setAll((ObjectNode) liveAlias);
            }
            if (index.equals(building) && !aliases.contains(ThingIndex.BUILD_ALIAS)) {
                actions.addObject().putObject("add").put("index", index).put("alias", ThingIndex.BUILD_ALIAS);
            }
        }
        removes.addAll(actions);
        if (!removes.isEmpty()) {
            ObjectNode body = JsonNodeFactory.instance.objectNode();
            body.set("actions", removes);
            expectOk("POST", "/_aliases", body.toString());
            LOG.infof(
                    "Thing index aliases: %s -> %s, %s -> %s",
                    ThingIndex.ALIAS, live, ThingIndex.BUILD_ALIAS, building);
        }
        for (String index : stale) {
            try (Response response = client.execute(
                    Requests.builder().method("DELETE").endpoint("/" + index).build())) {
                if (response.getStatus() == 200) {
                    LOG.infof("Deleted the index %s", index);
                }
            }
        }
    }

    /** The mapping and settings of a thing index, for tests. */
    public ObjectNode definition() {
        return definition.deepCopy();
    }

    private static List<String> iterable(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private JsonNode json(String method, String endpoint) throws IOException {
        try (Response response = client.execute(
                Requests.builder().method(method).endpoint(endpoint).build())) {
            String body = response.getBody().map(Body::bodyAsString).orElse("{}");
            if (response.getStatus() == 404) {
                return JSON.createObjectNode(); // no index matches the pattern
            }
            if (response.getStatus() != 200) {
                throw new IOException(method + " " + endpoint + " answered " + response.getStatus() + ": " + body);
            }
            return JSON.readTree(body);
        }
    }

    private void expectOk(String method, String endpoint, String json) throws IOException {
        try (Response response = client.execute(
                Requests.builder().method(method).endpoint(endpoint).json(json).build())) {
            if (response.getStatus() != 200) {
                throw new IOException(method + " " + endpoint + " answered " + response.getStatus() + ": "
                        + response.getBody().map(Body::bodyAsString).orElse(""));
            }
        }
    }
}

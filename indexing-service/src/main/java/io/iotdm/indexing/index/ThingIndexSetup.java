package io.iotdm.indexing.index;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch.generic.Body;
import org.opensearch.client.opensearch.generic.OpenSearchGenericClient;
import org.opensearch.client.opensearch.generic.Requests;
import org.opensearch.client.opensearch.generic.Response;

/**
 * Creates {@value ThingIndex#PHYSICAL} with its mapping and alias when it is missing, puts the alias back when only
 * that is missing, and stores {@link ThingPartScript}. Idempotent, and safe when several instances start at once (one
 * creates, the others find {@code resource_already_exists_exception}). Through the generic client: the typed mapping
 * model does not know {@code disable_objects}.
 */
@Singleton
public class ThingIndexSetup {

    private static final Logger LOG = Logger.getLogger(ThingIndexSetup.class);
    private static final JsonMapper JSON = new JsonMapper();

    private final OpenSearchGenericClient client;
    private final ObjectNode definition;
    private volatile boolean ready;

    ThingIndexSetup(
            OpenSearchClient client, @ConfigProperty(name = "iotdm.indexing.shards", defaultValue = "1") int shards) {
        this.client = client.generic();
        this.definition = readDefinition();
        ((ObjectNode) definition.path("settings").path("index")).put("number_of_shards", shards);
    }

    /** @return whether the index and its alias were there after the last {@link #ensure()} */
    public boolean ready() {
        return ready;
    }

    /** Makes sure that the index and its alias exist; throws when OpenSearch cannot tell or refuses. */
    public void ensure() throws IOException {
        ObjectNode script = JSON.createObjectNode();
        script.putObject("script").put("lang", "painless").put("source", ThingPartScript.SOURCE);
        expectOk("PUT", "/_scripts/" + ThingPartScript.ID, script.toString());
        int exists = status("HEAD", "/" + ThingIndex.PHYSICAL);
        if (exists == 404) {
            create();
        } else if (exists != 200) {
            throw new IOException("HEAD /" + ThingIndex.PHYSICAL + " answered " + exists);
        }
        JsonNode alias = definition.path("aliases").path(ThingIndex.ALIAS);
        expectOk("PUT", "/" + ThingIndex.PHYSICAL + "/_alias/" + ThingIndex.ALIAS, alias.toString());
        ready = true;
    }

    /** The create-index body, for tests and for a later reindex. */
    public ObjectNode definition() {
        return definition.deepCopy();
    }

    private void create() throws IOException {
        try (Response response = client.execute(Requests.builder()
                .method("PUT")
                .endpoint("/" + ThingIndex.PHYSICAL)
                .json(definition.toString())
                .build())) {
            if (response.getStatus() == 200) {
                LOG.infof("Created the index %s (alias %s)", ThingIndex.PHYSICAL, ThingIndex.ALIAS);
                return;
            }
            String body = response.getBody().map(Body::bodyAsString).orElse("");
            if (response.getStatus() == 400 && body.contains("resource_already_exists_exception")) {
                return; // another instance created it a moment ago
            }
            throw new IOException(
                    "creating " + ThingIndex.PHYSICAL + " answered " + response.getStatus() + ": " + body);
        }
    }

    private int status(String method, String endpoint) throws IOException {
        try (Response response = client.execute(
                Requests.builder().method(method).endpoint(endpoint).build())) {
            return response.getStatus();
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

    private static ObjectNode readDefinition() {
        try (InputStream in =
                ThingIndexSetup.class.getClassLoader().getResourceAsStream(ThingIndex.DEFINITION_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(ThingIndex.DEFINITION_RESOURCE + " is missing");
            }
            return (ObjectNode) JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

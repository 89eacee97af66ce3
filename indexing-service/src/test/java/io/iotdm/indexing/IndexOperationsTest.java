package io.iotdm.indexing;

import static io.iotdm.events.RegistryEvents.Change.CREATED;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.iotdm.indexing.config.ThingIndexState;
import io.iotdm.indexing.consumer.IndexingStats;
import io.iotdm.indexing.index.ThingIndex;
import io.iotdm.indexing.index.ThingIndexSetup;
import io.iotdm.indexing.index.ThingPartScript;
import io.iotdm.indexing.thing.FieldBudget;
import io.iotdm.indexing.thing.MembershipVersions;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch.generic.Body;
import org.opensearch.client.opensearch.generic.Requests;
import org.opensearch.client.opensearch.generic.Response;

/** The index's setup, the consumer's retries when OpenSearch refuses writes, and the health checks. */
@QuarkusTest
@IndexingTestResource
class IndexOperationsTest {

    @Inject
    OpenSearchClient client;

    @Inject
    ThingIndexSetup setup;

    @Inject
    IndexingStats stats;

    @Inject
    FieldBudget budget;

    @TestHTTPResource("/q/health/ready")
    URI readiness;

    private Fleet fleet;

    @BeforeEach
    void setUp() {
        fleet = new Fleet(client);
    }

    @Test
    void setupIsIdempotentAndRestoresAMissingAlias() throws IOException {
        ThingIndexState state = ThingIndexSettled.await();
        String physical = state.live().index();
        setup.apply(state.liveIndex(), state.buildingIndex());
        setup.apply(state.liveIndex(), state.buildingIndex());
        JsonNode aliases = Fleet.json(call("GET", "/" + physical + "/_alias", null));
        JsonNode alias = aliases.path(physical).path("aliases").path(ThingIndex.ALIAS);
        assertThat(alias.path("is_write_index").asBoolean()).isTrue();
        assertThat(alias.path("filter").toString()).isEqualTo("{\"term\":{\"live\":true}}");
        JsonNode mapping = Fleet.json(call("GET", "/" + physical + "/_mapping", null));
        assertThat(mapping.path(physical)
                        .path("mappings")
                        .path("disable_objects")
                        .asBoolean())
                .isTrue();
        assertThat(Fleet.json(call("GET", "/_scripts/" + ThingPartScript.ID, null))
                        .path("found")
                        .asBoolean())
                .isTrue();

        call("DELETE", "/" + physical + "/_alias/" + ThingIndex.ALIAS, null);
        setup.apply(state.liveIndex(), state.buildingIndex());
        aliases = Fleet.json(call("GET", "/" + physical + "/_alias", null));
        assertThat(aliases.path(physical).path("aliases").has(ThingIndex.ALIAS)).isTrue();
    }

    @Test
    void anIndexOfAnEarlierReleaseGetsTheFieldsItLacks() throws IOException {
        long generation = 999_999;
        String physical = ThingIndex.physical(generation);
        var earlier = setup.definition();
        ((com.fasterxml.jackson.databind.node.ObjectNode)
                        earlier.path("mappings").path("properties"))
                .remove(MembershipVersions.FIELD);
        call("PUT", "/" + physical, earlier.toString());
        try {
            setup.addMissingFields(generation);
            setup.addMissingFields(generation); // and again: a no-op
            JsonNode field = Fleet.json(call("GET", "/" + physical + "/_mapping", null))
                    .path(physical)
                    .path("mappings")
                    .path("properties")
                    .path(MembershipVersions.FIELD);
            assertThat(field.path("type").asText()).isEqualTo("keyword");
        } finally {
            call("DELETE", "/" + physical, null);
        }
    }

    @Test
    void writesRefusedByOpenSearchAreRetriedNotSkipped() throws Exception {
        String name = Fleet.uniqueName("blocked");
        String physical = ThingIndexSettled.await().live().index();
        long retriesBefore = stats.retries();
        call("PUT", "/" + physical + "/_settings", "{\"index.blocks.write\": true}");
        try {
            Fleet.send(Fleet.thing(CREATED, name, 1, 10, Map.of("k", "v")));
            Instant deadline = Instant.now().plus(Fleet.DEADLINE);
            while (stats.retries() <= retriesBefore + 1 && Instant.now().isBefore(deadline)) {
                Thread.sleep(50);
            }
            assertThat(stats.retries()).isGreaterThan(retriesBefore + 1);
            assertThat(fleet.document(name)).isEmpty();
        } finally {
            call("PUT", "/" + physical + "/_settings", "{\"index.blocks.write\": null}");
        }
        assertThat(fleet.awaitDocument(name, doc -> true)).containsEntry("attributes.k", "v");
    }

    /**
     * A thing whose shadow brings 800 new numeric keys (1,600 fields: keyword and numeric twin) with every update runs
     * the index out of fields: its later changes of a known key stay searchable, the new keys are left out and counted.
     * The index's limit is lowered to leave room for 500 new fields only (it is restored afterwards).
     */
    @Test
    void updatesBeyondTheFieldBudgetKeepTheirKnownFields() throws Exception {
        String name = Fleet.uniqueName("manykeys");
        String physical = ThingIndexSettled.await().live().index();
        Fleet.send(Fleet.thing(CREATED, name, 1, 10, Map.of()));
        Fleet.send(Fleet.shadowUpdated(name, null, 1, 1_000, "{\"reported\": {\"temp\": 0}}"));
        fleet.awaitDocument(name, doc -> hasShadowVersion(doc, 1));
        int reserved = budget.reservedFields();
        String limitSetting = Fleet.json(call("GET", "/" + physical + "/_settings?flat_settings=true", null))
                .path(physical)
                .path("settings")
                .path("index.mapping.total_fields.limit")
                .asText();
        int limit = mappedFields(physical) + reserved + 500;
        long notIndexedBefore = budget.counters().get("fieldsNotIndexed");
        long droppedBefore = budget.counters().get("droppedFields");
        call("PUT", "/" + physical + "/_settings", "{\"index.mapping.total_fields.limit\": " + limit + "}");
        try {
            for (int update = 1; update <= 7; update++) {
                StringBuilder reported = new StringBuilder("{\"reported\": {\"temp\": " + update);
                for (int key = 0; key < 800; key++) {
                    reported.append(", \"k")
                            .append(update)
                            .append('_')
                            .append(key)
                            .append("\": ")
                            .append(key);
                }
                long version = update + 1;
                Fleet.send(Fleet.shadowUpdated(
                        name,
                        null,
                        version,
                        1_000 + version,
                        reported.append("}}").toString()));
                // one at a time: a batch would fold them into the newest
                fleet.awaitDocument(name, doc -> hasShadowVersion(doc, version));
            }
            Map<String, Object> document = fleet.awaitDocument(name, doc -> true);
            assertThat(document).containsEntry("shadow.reported.temp", 7).doesNotContainKey("shadow.reported.k7_0");
            assertThat(document.get("shadowDocument.classic").toString()).contains("\"k7_799\":799");
            fleet.assertFinds(ThingIndexingTest.term("shadow.reported.temp", "7"), List.of(name), name);
            assertThat(budget.counters().get("fieldsNotIndexed")).isEqualTo(notIndexedBefore + 7);
            assertThat(budget.counters().get("droppedFields")).isEqualTo(droppedBefore + 7 * 1_600);
            assertThat(mappedFields(physical)).isLessThanOrEqualTo(limit - reserved);
        } finally {
            call("PUT", "/" + physical + "/_settings", "{\"index.mapping.total_fields.limit\": " + limitSetting + "}");
        }
    }

    private static boolean hasShadowVersion(Map<String, Object> document, long version) {
        return document.get("shadow.version") instanceof Number stored && stored.longValue() == version;
    }

    private int mappedFields(String physical) throws IOException {
        return Fleet.json(call("GET", "/" + physical + "/_mapping", null))
                .path(physical)
                .path("mappings")
                .path("properties")
                .size();
    }

    @Test
    void readyOnceTheIndexIsSetUpAndTheConsumersChannelIsConnected() throws Exception {
        Instant deadline = Instant.now().plus(Fleet.DEADLINE);
        HttpResponse<String> response;
        try (HttpClient http = HttpClient.newHttpClient()) {
            do {
                response = http.send(HttpRequest.newBuilder(readiness).build(), HttpResponse.BodyHandlers.ofString());
            } while (response.statusCode() != 200 && Instant.now().isBefore(deadline));
        }
        assertThat(response.statusCode()).isEqualTo(200);
        // the checks come in no fixed order (quarkus-grpc and SmallRye Reactive Messaging add their own)
        JsonNode check = null;
        JsonNode channels = null;
        for (JsonNode each : Fleet.json(response.body()).path("checks")) {
            if (each.path("name").asText().equals("thing-index")) {
                check = each;
            } else if (each.path("data").has("thing-index")) {
                channels = each;
            }
        }
        assertThat(check).as("the thing-index check in %s", response.body()).isNotNull();
        assertThat(channels)
                .as("SmallRye's check of the thing-index channel in %s", response.body())
                .isNotNull();
        assertThat(channels.path("status").asText()).isEqualTo("UP");
        assertThat(check.path("data").has("poisonRecords")).isTrue();
        assertThat(check.path("data").has("fieldsNotIndexed")).isTrue();
        assertThat(check.path("data").has("droppedFields")).isTrue();
    }

    private String call(String method, String endpoint, String json) throws IOException {
        var request = Requests.builder().method(method).endpoint(endpoint);
        if (json != null) {
            request.json(json);
        }
        try (Response response = client.generic().execute(request.build())) {
            String body = response.getBody().map(Body::bodyAsString).orElse("");
            assertThat(response.getStatus())
                    .as("%s %s: %s", method, endpoint, body)
                    .isEqualTo(200);
            return body;
        }
    }
}

package io.iotdm.indexing;

import static io.iotdm.events.RegistryEvents.Change.CREATED;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import com.fasterxml.jackson.databind.JsonNode;
import io.iotdm.indexing.config.IndexingConfigurationStore;
import io.iotdm.indexing.index.ThingIndex;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opensearch.client.opensearch.OpenSearchClient;

/** Presence events into the connectivity part of the index, SearchIndex on it, and GetThingConnectivityData. */
@QuarkusTest
@IndexingTestResource
class ConnectivityIndexingTest {

    @Inject
    OpenSearchClient client;

    @Inject
    IndexingConfigurationStore store;

    private Fleet fleet;

    @BeforeEach
    void setUp() {
        fleet = new Fleet(client);
        ThingIndexSettled.await(); // the first test class to run may start before the first index is built
    }

    @AfterEach
    void restoreTheDefault() {
        store.reset();
        ThingIndexSettled.await();
    }

    /** Returns once every presence event sent so far with this client id has been indexed (same key, same partition). */
    private void barrier(String clientId) {
        String marker = Fleet.uniqueName("presence-marker");
        Fleet.presence(clientId, marker, true, 1, 1, null);
        fleet.awaitDocument(marker, doc -> true);
    }

    private static Response connectivityData(String thingName) {
        return given().contentType(ContentType.JSON).body("{}").post("/things/" + thingName + "/connectivity-data");
    }

    private static JsonNode connectivityDataOk(String thingName) {
        return Fleet.json(
                connectivityData(thingName).then().statusCode(200).extract().asString());
    }

    /** SearchIndex, after a refresh so that every write so far shows. */
    private List<String> find(String query) {
        try {
            client.indices().refresh(refresh -> refresh.index(ThingIndex.ALIAS));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return given().contentType(ContentType.JSON)
                .body(Map.of("queryString", query))
                .post("/indices/search")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("things.thingName", String.class);
    }

    private String createThing(String prefix) {
        String name = Fleet.uniqueName(prefix);
        Fleet.send(Fleet.thing(CREATED, name, 1, 1, Map.of()));
        fleet.awaitDocument(name, doc -> Boolean.TRUE.equals(doc.get(ThingIndex.LIVE)));
        return name;
    }

    @Test
    void connectThenDisconnectOfASessionAndStaleEventsDoNotRegress() {
        String thing = createThing("presence");
        long connectedAt = 1_700_000_000_123L;
        Fleet.presence(thing, null, true, 5, connectedAt, null); // client id = thing name
        fleet.awaitDocument(thing, doc -> Boolean.TRUE.equals(doc.get(ThingIndex.CONNECTED)));
        assertThat(find("thingName:" + thing + " AND connectivity.connected:true"))
                .containsExactly(thing);
        assertThat(find("thingName:" + thing + " AND connectivity.connected:false"))
                .isEmpty();

        JsonNode data = connectivityDataOk(thing);
        assertThat(data.path("thingName").asText()).isEqualTo(thing);
        assertThat(data.path("connected").asBoolean()).isTrue();
        assertThat(data.path("timestamp").decimalValue()).isEqualByComparingTo(new BigDecimal("1700000000.123"));
        assertThat(data.has("disconnectReason")).isFalse();

        // the disconnect of the same session (same versionNumber), by a client id bound to the thing
        String clientId = Fleet.uniqueName("client");
        Fleet.presence(clientId, thing, false, 5, connectedAt + 5_000, "CLIENT_INITIATED_DISCONNECT");
        fleet.awaitDocument(thing, doc -> Boolean.FALSE.equals(doc.get(ThingIndex.CONNECTED)));
        assertThat(find("thingName:" + thing + " AND connectivity.connected:false"))
                .containsExactly(thing);
        assertThat(find("thingName:" + thing + " AND connectivity.disconnectReason:CLIENT_INITIATED_DISCONNECT"))
                .containsExactly(thing);

        data = connectivityDataOk(thing);
        assertThat(data.path("connected").asBoolean()).isFalse();
        assertThat(data.path("timestamp").decimalValue()).isEqualByComparingTo(new BigDecimal("1700000005.123"));
        assertThat(data.path("disconnectReason").asText()).isEqualTo("CLIENT_INITIATED_DISCONNECT");

        // late: the session's connect again (same version; a disconnect wins), and an older session's connect with a
        // later clock (lower version)
        Fleet.presence(clientId, thing, true, 5, connectedAt + 9_000, null);
        Fleet.presence(clientId, thing, true, 4, connectedAt + 9_000, null);
        barrier(clientId);
        Map<String, Object> document = fleet.awaitDocument(thing, doc -> true);
        assertThat(document.get(ThingIndex.CONNECTED)).isEqualTo(false);
        assertThat(document.get(ThingIndex.DISCONNECT_REASON)).isEqualTo("CLIENT_INITIATED_DISCONNECT");
        assertThat(connectivityDataOk(thing).path("connected").asBoolean()).isFalse();

        // a new session (higher version) connects again: the disconnect reason goes
        Fleet.presence(clientId, thing, true, 6, connectedAt + 10_000, null);
        fleet.awaitDocument(thing, doc -> Boolean.TRUE.equals(doc.get(ThingIndex.CONNECTED)));
        data = connectivityDataOk(thing);
        assertThat(data.path("connected").asBoolean()).isTrue();
        assertThat(data.has("disconnectReason")).isFalse();
    }

    @Test
    void neverConnectedThingIsDisconnectedWithoutTimestamp() {
        String thing = createThing("never");
        JsonNode data = connectivityDataOk(thing);
        assertThat(data.path("thingName").asText()).isEqualTo(thing);
        assertThat(data.path("connected").asBoolean(true)).isFalse();
        assertThat(data.has("timestamp")).isFalse();
        assertThat(data.has("disconnectReason")).isFalse();
    }

    @Test
    void unknownThingIsResourceNotFound() {
        connectivityData(Fleet.uniqueName("unknown"))
                .then()
                .statusCode(404)
                .header("x-amzn-ErrorType", containsString("ResourceNotFoundException"));

        // presence of a client id that names no registered thing: indexed, but the thing still does not exist
        String clientOnly = Fleet.uniqueName("client-only");
        Fleet.presence(clientOnly, null, true, 1, 1_700_000_000_000L, null);
        fleet.awaitDocument(clientOnly, doc -> Boolean.TRUE.equals(doc.get(ThingIndex.CONNECTED)));
        connectivityData(clientOnly)
                .then()
                .statusCode(404)
                .header("x-amzn-ErrorType", containsString("ResourceNotFoundException"));
    }

    @Test
    void connectivityIndexingOffIsAnInvalidRequest() {
        String thing = createThing("off");
        given().contentType(ContentType.JSON)
                .body("{\"thingIndexingConfiguration\": {\"thingIndexingMode\": \"REGISTRY_AND_SHADOW\","
                        + " \"thingConnectivityIndexingMode\": \"OFF\", \"namedShadowIndexingMode\": \"OFF\"}}")
                .post("/indexing/config")
                .then()
                .statusCode(200);
        ThingIndexSettled.await(); // the rebuild without connectivity replaced the index
        connectivityData(thing)
                .then()
                .statusCode(400)
                .header("x-amzn-ErrorType", containsString("InvalidRequestException"));
    }
}

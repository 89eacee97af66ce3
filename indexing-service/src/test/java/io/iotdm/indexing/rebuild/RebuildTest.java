package io.iotdm.indexing.rebuild;

import static io.iotdm.events.RegistryEvents.Change.CREATED;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.google.protobuf.ByteString;
import io.iotdm.grpc.group.v1.MembershipRecord;
import io.iotdm.grpc.registry.v1.ShadowRecord;
import io.iotdm.grpc.registry.v1.ThingRecord;
import io.iotdm.indexing.Fleet;
import io.iotdm.indexing.IndexingTestResource;
import io.iotdm.indexing.TestGroups;
import io.iotdm.indexing.TestRegistry;
import io.iotdm.indexing.ThingIndexSettled;
import io.iotdm.indexing.config.IndexingConfigurationStore;
import io.iotdm.indexing.config.ThingIndexState;
import io.iotdm.indexing.index.ThingIndex;
import io.iotdm.indexing.thing.FieldBudget;
import io.iotdm.indexing.thing.MembershipVersions;
import io.iotdm.indexing.thing.PartVersion;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opensearch.client.opensearch.OpenSearchClient;

/**
 * Rebuilds of the thing index from the registry's stream (here the {@link TestRegistry}): swapped in by alias when
 * complete, the old index answering meanwhile (REBUILDING) or nothing (BUILDING), events of the meantime kept,
 * resumed from a checkpoint after a failure, memberships from the group-service's stream ({@link TestGroups}),
 * connectivity and membership removals carried over. Batches of 3 things in tests.
 */
@QuarkusTest
@IndexingTestResource
class RebuildTest {

    @Inject
    TestRegistry registry;

    @Inject
    TestGroups groups;

    @Inject
    OpenSearchClient client;

    @Inject
    IndexingConfigurationStore store;

    @Inject
    FieldBudget budget;

    private Fleet fleet;

    @BeforeEach
    void setUp() {
        fleet = new Fleet(client);
        registry.release();
        registry.clear();
        groups.clear();
        store.reset();
        ThingIndexSettled.await();
    }

    @AfterEach
    void restoreTheDefault() {
        registry.release();
        store.reset();
        ThingIndexSettled.await();
        registry.clear();
        groups.clear();
    }

    @Test
    void aRebuildIndexesTheRegistryWhileTheOldIndexAnswers() throws Exception {
        String batch = Fleet.uniqueName("batch");
        List<String> things = registerThings(batch, 7);
        long generation = ThingIndexSettled.await().live().number();
        registry.hold();

        update("{\"thingIndexingConfiguration\": {\"thingIndexingMode\": \"REGISTRY\","
                        + " \"thingConnectivityIndexingMode\": \"STATUS\"}}")
                .then()
                .statusCode(200);
        Response rebuilding = awaitStatus("REBUILDING");
        assertThat(rebuilding.header("iotdm-index-progress")).matches("\\d+/\\d+");
        // the old index answers, under the configuration it was built with: shadow fields are still there
        search("shadow.reported.temp > 0").then().statusCode(200);
        // an event of the meantime reaches the new index too
        String late = Fleet.uniqueName("late");
        Fleet.send(Fleet.thing(CREATED, late, 1, 1, Map.of("batch", batch)));
        fleet.awaitDocument(late, document -> true);

        registry.release();
        ThingIndexState state = ThingIndexSettled.await();
        assertThat(state.live().number()).isGreaterThan(generation);
        describe().then().statusCode(200).body("indexStatus", equalTo("ACTIVE"));
        assertThat(searchNames("attributes.batch:" + batch)).containsExactlyInAnyOrderElementsOf(concat(things, late));
        // the new index holds what REGISTRY indexes: no shadows, and queries on them are refused
        assertThat(fleet.document(things.get(0)).orElseThrow())
                .containsEntry("attributes.batch", batch)
                .doesNotContainKey("shadow.reported.temp");
        search("shadow.reported.temp > 0")
                .then()
                .statusCode(400)
                .header("x-amzn-ErrorType", containsString("InvalidQueryException"));
    }

    @Test
    void fromOffTheIndexIsBuildingAndAnswersNothingUntilComplete() {
        String batch = Fleet.uniqueName("batch");
        List<String> things = registerThings(batch, 4);
        update("{\"thingIndexingConfiguration\": {\"thingIndexingMode\": \"OFF\"}}")
                .then()
                .statusCode(200);
        ThingIndexSettled.await();
        describe().then().statusCode(404);

        registry.hold();
        update("{\"thingIndexingConfiguration\": {\"thingIndexingMode\": \"REGISTRY_AND_SHADOW\","
                        + " \"namedShadowIndexingMode\": \"ON\", \"filter\": {\"namedShadowNames\": [\"cfg\"]}}}")
                .then()
                .statusCode(200);
        awaitStatus("BUILDING");
        search("thingName:*")
                .then()
                .statusCode(400)
                .header("x-amzn-ErrorType", containsString("IndexNotReadyException"));

        registry.release();
        ThingIndexSettled.await();
        // shadows come from the registry's stream, named ones as the filter selects
        assertThat(searchNames("attributes.batch:" + batch + " AND shadow.reported.temp:21"))
                .containsExactlyInAnyOrderElementsOf(things);
        assertThat(searchNames("attributes.batch:" + batch + " AND shadow.name.cfg.desired.mode:eco"))
                .containsExactlyInAnyOrderElementsOf(things);
        assertThat(fleet.document(things.get(0)).orElseThrow()).doesNotContainKey("shadow.name.other.desired.mode");
    }

    /**
     * A thing whose shadow has more keys than the new generation's mapping has room for (5,000 numbers: 10,000
     * fields) is rebuilt without them, not left out: its known fields stay searchable ({@code temp}, which the thing
     * streamed before it, by name, brought into the mapping).
     */
    @Test
    void aRebuildKeepsAThingBeyondTheFieldBudget() {
        String batch = Fleet.uniqueName("batch");
        String normal = registerThings(batch, 1).get(0);
        String big = batch + "-zbig";
        StringBuilder reported = new StringBuilder("{\"reported\":{\"temp\":21");
        for (int key = 0; key < 5_000; key++) {
            reported.append(",\"k").append(key).append("\":").append(key);
        }
        registry.put(ThingRecord.newBuilder()
                .setThingName(big)
                .setThingId("id-" + big)
                .putAttributes("batch", batch)
                .setVersion(2)
                .setRevision(100)
                .setLastModifiedMillis(Instant.now().toEpochMilli())
                .addShadows(shadow("", reported.append("}}").toString()))
                .build());
        long notIndexedBefore = budget.counters().get("fieldsNotIndexed");
        long generation = ThingIndexSettled.await().live().number();

        update("{\"thingIndexingConfiguration\": {\"thingIndexingMode\": \"REGISTRY_AND_SHADOW\","
                        + " \"namedShadowIndexingMode\": \"OFF\"}}")
                .then()
                .statusCode(200);
        assertThat(ThingIndexSettled.await().live().number()).isGreaterThan(generation);

        assertThat(searchNames("attributes.batch:" + batch + " AND shadow.reported.temp:21"))
                .containsExactlyInAnyOrder(normal, big);
        assertThat(fleet.document(big).orElseThrow()).doesNotContainKey("shadow.reported.k0");
        assertThat(budget.counters().get("fieldsNotIndexed")).isGreaterThan(notIndexedBefore);
    }

    @Test
    void aFailedBuildContinuesFromItsLastCheckpoint() {
        String batch = Fleet.uniqueName("batch");
        List<String> things = registerThings(batch, 8);
        int streamsBefore = registry.streams();
        registry.failAfter(4); // one batch of 3 checkpointed, the stream breaks in the second

        update("{\"thingIndexingConfiguration\": {\"thingIndexingMode\": \"REGISTRY\"}}")
                .then()
                .statusCode(200);
        ThingIndexSettled.await();

        assertThat(registry.streams() - streamsBefore).isEqualTo(2);
        assertThat(registry.lastAfter()).isEqualTo(things.get(2));
        assertThat(searchNames("attributes.batch:" + batch)).containsExactlyInAnyOrderElementsOf(things);
    }

    @Test
    void connectivityIsCarriedOverFromTheIndexItReplaces() {
        String batch = Fleet.uniqueName("batch");
        String thing = registerThings(batch, 1).get(0);
        ThingIndexSettled.await();
        Fleet.send(Fleet.thing(CREATED, thing, 1, 1, Map.of("batch", batch)));
        presenceConnected(thing, 7, 1_700_000_000_000L);
        fleet.awaitDocument(thing, document -> Boolean.TRUE.equals(document.get("connectivity.connected")));

        update("{\"thingIndexingConfiguration\": {\"thingIndexingMode\": \"REGISTRY\","
                        + " \"thingConnectivityIndexingMode\": \"STATUS\"}}")
                .then()
                .statusCode(200);
        ThingIndexSettled.await();

        assertThat(fleet.document(thing).orElseThrow())
                .containsEntry("connectivity.connected", true)
                .containsEntry("connectivity.timestamp", 1_700_000_000_000L)
                .containsEntry("sync.connectivity.version", 7);
        assertThat(searchNames("connectivity.connected:true AND attributes.batch:" + batch))
                .containsExactly(thing);
    }

    @Test
    void aFirstGenerationTakesItsMembershipsFromTheGroupService() {
        String batch = Fleet.uniqueName("batch");
        List<String> things = registerThings(batch, 2);
        String group = Fleet.uniqueName("streamed");
        groups.put(membership(things.get(0), group, 50));
        update("{\"thingIndexingConfiguration\": {\"thingIndexingMode\": \"OFF\"}}")
                .then()
                .statusCode(200);
        ThingIndexSettled.await();

        update("{\"thingIndexingConfiguration\": {\"thingIndexingMode\": \"REGISTRY\"}}")
                .then()
                .statusCode(200);
        ThingIndexSettled.await();
        assertThat(searchNames("thingGroupNames:" + group + " AND attributes.batch:" + batch))
                .containsExactly(things.get(0));
        PartVersion version = MembershipVersions.of(
                        fleet.document(things.get(0)).orElseThrow().get(MembershipVersions.FIELD))
                .get(group);
        assertThat(version.version()).isEqualTo(50);
        assertThat(version.deleted()).isFalse();
    }

    @Test
    void groupMembershipsComeFromTheGroupServiceAndTheirRemovalsAreCarriedOver() {
        String batch = Fleet.uniqueName("batch");
        String thing = registerThings(batch, 1).get(0);
        ThingIndexSettled.await();
        String kept = Fleet.uniqueName("kept");
        String removed = Fleet.uniqueName("removed");
        Fleet.membership(kept, thing, true, 40);
        Fleet.membership(removed, thing, true, 41);
        Fleet.membership(removed, thing, false, 42);
        fleet.awaitDocument(
                thing,
                document -> List.of(kept).equals(document.get("thingGroupNames"))
                        && MembershipVersions.of(document.get(MembershipVersions.FIELD))
                                .containsKey(removed));
        groups.put(membership(thing, kept, 40)); // what the group-service holds: the membership that exists

        update("{\"thingIndexingConfiguration\": {\"thingIndexingMode\": \"REGISTRY\"}}")
                .then()
                .statusCode(200);
        ThingIndexSettled.await();

        Map<String, Object> carried = fleet.document(thing).orElseThrow();
        assertThat(carried).containsEntry("thingGroupNames", List.of(kept));
        Map<String, PartVersion> versions = MembershipVersions.of(carried.get(MembershipVersions.FIELD));
        assertThat(versions.get(kept).version()).isEqualTo(40);
        assertThat(versions.get(kept).deleted()).isFalse();
        assertThat(versions.get(removed).version()).isEqualTo(42);
        assertThat(versions.get(removed).deleted()).isTrue();
        assertThat(searchNames("thingGroupNames:" + kept + " AND attributes.batch:" + batch))
                .containsExactly(thing);
        // the removal's bookkeeping came along: a late add from before it stays out of the new index
        Fleet.membership(removed, thing, true, 41);
        fleet.barrier(Fleet.MEMBERSHIP_TOPIC, thing);
        assertThat(fleet.document(thing).orElseThrow()).containsEntry("thingGroupNames", List.of(kept));
    }

    // ---- helpers ----

    private static MembershipRecord membership(String thing, String group, long revision) {
        return MembershipRecord.newBuilder()
                .setThingName(thing)
                .setThingId("id-" + thing)
                .setGroupName(group)
                .setGroupId("gid-" + group)
                .setMembershipId("m-" + thing + "-" + group)
                .setRevision(revision)
                .build();
    }

    /** Things in the registry only (no events): the index learns of them from a rebuild. */
    private List<String> registerThings(String batch, int count) {
        List<String> names =
                IntStream.range(0, count).mapToObj(i -> batch + "-thing-" + i).toList();
        for (String name : names) {
            registry.put(ThingRecord.newBuilder()
                    .setThingName(name)
                    .setThingId("id-" + name)
                    .putAttributes("batch", batch)
                    .setVersion(2)
                    .setRevision(100)
                    .setLastModifiedMillis(Instant.now().toEpochMilli())
                    .addShadows(shadow("", "{\"reported\":{\"temp\":21}}"))
                    .addShadows(shadow("cfg", "{\"desired\":{\"mode\":\"eco\"}}"))
                    .addShadows(shadow("other", "{\"desired\":{\"mode\":\"eco\"}}"))
                    .build());
        }
        return names;
    }

    private static ShadowRecord shadow(String name, String state) {
        String current = "{\"state\":" + state + ",\"metadata\":{},\"version\":3}";
        return ShadowRecord.newBuilder()
                .setShadowName(name)
                .setVersion(3)
                .setTimestamp(Instant.now().getEpochSecond())
                .setCurrentDocument(ByteString.copyFrom(current, StandardCharsets.UTF_8))
                .build();
    }

    private static void presenceConnected(String thing, long versionNumber, long timestamp) {
        Fleet.presence(thing, null, true, versionNumber, timestamp, null);
    }

    private static List<String> concat(List<String> names, String name) {
        return java.util.stream.Stream.concat(names.stream(), java.util.stream.Stream.of(name))
                .toList();
    }

    private static Response update(String body) {
        return given().contentType(ContentType.JSON).body(body).post("/indexing/config");
    }

    private static Response describe() {
        return given().get("/indices/AWS_Things");
    }

    /** Waits for the status with the build under way (its progress reported). */
    private static Response awaitStatus(String status) {
        Instant deadline = Instant.now().plus(Fleet.DEADLINE);
        Response response;
        do {
            response = describe();
        } while (!(response.statusCode() == 200
                        && status.equals(response.jsonPath().getString("indexStatus"))
                        && response.header("iotdm-index-progress") != null)
                && Instant.now().isBefore(deadline));
        assertThat(response.jsonPath().getString("indexStatus")).isEqualTo(status);
        return response;
    }

    private static Response search(String queryString) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("indexName", "AWS_Things", "queryString", queryString, "maxResults", 100))
                .post("/indices/search");
    }

    private List<String> searchNames(String queryString) {
        try {
            client.indices().refresh(refresh -> refresh.index(ThingIndex.ALIAS));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return search(queryString).then().statusCode(200).extract().jsonPath().getList("things.thingName");
    }
}

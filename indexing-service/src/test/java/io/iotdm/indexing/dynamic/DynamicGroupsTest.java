package io.iotdm.indexing.dynamic;

import static io.iotdm.events.RegistryEvents.Change.CREATED;
import static io.iotdm.events.RegistryEvents.Change.DELETED;
import static io.iotdm.events.RegistryEvents.Change.UPDATED;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.iotdm.events.DynamicGroupMessages.Decision;
import io.iotdm.events.DynamicGroupMessages.DocumentVersion;
import io.iotdm.events.DynamicGroupMessages.Verdict;
import io.iotdm.grpc.indexing.v1.DynamicGroupMatch;
import io.iotdm.grpc.indexing.v1.DynamicGroupQueriesGrpc;
import io.iotdm.grpc.indexing.v1.StreamMatchesRequest;
import io.iotdm.grpc.indexing.v1.ValidateQueryRequest;
import io.iotdm.grpc.indexing.v1.ValidateQueryResponse;
import io.iotdm.indexing.Fleet;
import io.iotdm.indexing.IndexingTestResource;
import io.iotdm.indexing.ThingIndexSettled;
import io.iotdm.indexing.config.IndexingConfigurationStore;
import io.iotdm.indexing.config.ThingIndexState;
import io.iotdm.indexing.index.ThingIndex;
import io.iotdm.testing.InternalTestCalls;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opensearch.client.opensearch.OpenSearchClient;

/**
 * Dynamic thing groups in the indexing-service: definitions on their topic into the percolator, membership decisions
 * on iotdm.dynamic-membership as things change, and the gRPC DynamicGroupQueries (ValidateQuery, StreamMatches).
 * Definitions are produced straight onto the topic, as group-service's outbox would.
 */
@QuarkusTest
@IndexingTestResource
class DynamicGroupsTest {

    @Inject
    OpenSearchClient client;

    @Inject
    Engine engine;

    @Inject
    IndexingConfigurationStore configurations;

    @TestHTTPResource
    URL http;

    private Fleet fleet;
    private Definitions definitions;
    private ManagedChannel channel;
    private DynamicGroupQueriesGrpc.DynamicGroupQueriesBlockingStub queries;

    @BeforeEach
    void setUp() {
        fleet = new Fleet(client);
        definitions = new Definitions();
        channel = InternalTestCalls.channel(http);
        queries = DynamicGroupQueriesGrpc.newBlockingStub(channel);
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        definitions.deleteAll(); // other test classes turn thing indexing OFF, which dynamic groups forbid
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    // ---- the percolator ----

    @Test
    void definitionsBecomePercolatorQueriesAtTheirRevision() throws Exception {
        String group = Fleet.uniqueName("dyn");
        definitions.define(group, "attributes.color:red AND shadow.reported.temp > 30", 5, 5);
        PercolatorRepository.StoredGroup stored = Definitions.awaitStored(group, Optional.of(5L));
        assertThat(stored.query().toString()).contains("attributes.color").contains("numeric.shadow.reported.temp");
        // the fields the query names are mapped as the thing index maps them
        var properties = engine.json("GET", "/" + PercolatorIndex.NAME + "/_mapping", null)
                .body()
                .path(PercolatorIndex.NAME)
                .path("mappings")
                .path("properties");
        assertThat(properties
                        .path(PercolatorIndex.field("attributes.color"))
                        .path("type")
                        .asText())
                .isEqualTo("keyword");
        assertThat(properties
                        .path(PercolatorIndex.field("numeric.shadow.reported.temp"))
                        .path("type")
                        .asText())
                .isEqualTo("double");

        // a new revision replaces the query; an older one arriving late does not
        definitions.define(group, "attributes.color:blue", 7, 5);
        Definitions.awaitStored(group, Optional.of(7L));
        definitions.define(group, "attributes.color:green", 6, 5);
        String marker = Fleet.uniqueName("marker");
        definitions.define(marker, "thingName:x", 1, 1); // after the stale one on the topic's partition... or not:
        Definitions.awaitStored(marker, Optional.of(1L)); // every partition is read by one thread, so wait a little
        Thread.sleep(500);
        stored = Definitions.awaitStored(group, Optional.of(7L));
        assertThat(stored.query().toString()).contains("blue");

        // a deletion removes it; a replay of an older definition does not bring it back
        definitions.delete(group, 8);
        Definitions.awaitStored(group, Optional.empty());
        definitions.define(group, "attributes.color:blue", 7, 5);
        Thread.sleep(500);
        Definitions.awaitStored(group, Optional.empty());
    }

    // ---- decisions ----

    @Test
    void decisionsFollowTheThingBothWaysAndOnlyWhenTheyChange() {
        String red = Fleet.uniqueName("red");
        String hot = Fleet.uniqueName("hot");
        definitions.define(red, "attributes.color:red", 10, 10);
        definitions.define(hot, "shadow.reported.temp > 30", 11, 11);
        Definitions.awaitStored(red, Optional.of(10L));
        Definitions.awaitStored(hot, Optional.of(11L));
        String thing = Fleet.uniqueName("dyn-thing");

        Fleet.send(Fleet.thing(CREATED, thing, 1, 1, Map.of("color", "blue")));
        List<Decision> decisions = Definitions.decisions(thing, 1);
        Decision created = decisions.getLast();
        assertThat(created.thingDeleted()).isFalse();
        assertThat(created.thingId()).isEqualTo("id-" + thing);
        assertThat(created.version().generation()).isPositive();
        assertThat(Definitions.verdicts(created, red, hot))
                .isEqualTo(Map.of(red, new Verdict(10, false), hot, new Verdict(11, false)));

        Fleet.send(Fleet.thing(UPDATED, thing, 2, 2, Map.of("color", "RED")));
        Decision matches = Definitions.decisions(thing, 2).getLast();
        assertThat(Definitions.verdicts(matches, red, hot))
                .isEqualTo(Map.of(red, new Verdict(10, true), hot, new Verdict(11, false)));
        assertThat(matches.version()).isGreaterThan(created.version());

        Fleet.send(Fleet.shadowUpdated(thing, null, 1, 1_000, "{\"reported\":{\"temp\":35}}"));
        Decision both = Definitions.decisions(thing, 3).getLast();
        assertThat(Definitions.verdicts(both, red, hot))
                .isEqualTo(Map.of(red, new Verdict(10, true), hot, new Verdict(11, true)));

        // a change that changes no verdict publishes nothing: the next decision is the one after it
        Fleet.send(Fleet.thing(UPDATED, thing, 3, 3, Map.of("color", "red", "size", "9")));
        fleet.awaitDocument(thing, doc -> "9".equals(doc.get("attributes.size")));
        Fleet.send(Fleet.shadowUpdated(thing, null, 2, 2_000, "{\"reported\":{\"temp\":20}}"));
        List<Decision> four = Definitions.decisions(thing, 4);
        assertThat(Definitions.verdicts(four.getLast(), red, hot))
                .isEqualTo(Map.of(red, new Verdict(10, true), hot, new Verdict(11, false)));

        // the stored result on the document is what was published last
        fleet.awaitDocument(
                thing,
                doc -> doc.get(StoredResult.FIELD) != null
                        && doc.get(StoredResult.FIELD).toString().contains(red)
                        && !doc.get(StoredResult.FIELD).toString().contains(hot));

        Fleet.send(Fleet.thing(DELETED, thing, 3, 4, Map.of()));
        Decision deleted = Definitions.decisions(thing, 5).getLast();
        assertThat(deleted.thingDeleted()).isTrue();
        assertThat(Definitions.verdicts(deleted, red, hot))
                .isEqualTo(Map.of(red, new Verdict(10, false), hot, new Verdict(11, false)));
        assertThat(deleted.groups().values()).noneMatch(Verdict::matches);
    }

    @Test
    void changesInConsecutiveBatchesAreDecidedFromTheLastPublishedResult() throws Exception {
        // a batch is written while the one before it is decided: its documents may not carry the results just
        // recorded; each flip must still be published, the last one included
        String group = Fleet.uniqueName("flips");
        definitions.define(group, "attributes.state:on", 70, 70);
        Definitions.awaitStored(group, Optional.of(70L));
        String thing = Fleet.uniqueName("flipper");
        Fleet.send(Fleet.thing(CREATED, thing, 1, 1, Map.of("state", "off")));
        Definitions.decisions(thing, 1);
        for (int version = 2; version <= 7; version++) {
            Thread.sleep(150); // past the batch's max-wait: the next change lands in the next batch
            Fleet.send(Fleet.thing(UPDATED, thing, version, version, Map.of("state", version % 2 == 0 ? "on" : "off")));
        }
        fleet.awaitDocument(thing, doc -> "7".equals(String.valueOf(doc.get(ThingIndex.REGISTRY_VERSION))));
        Thread.sleep(2000); // the last batch's decisions follow within the consumer's next cycle
        List<Decision> decided = Definitions.decisions(thing, 2);
        // the last change (version 7: off) is what the last decision says
        assertThat(Definitions.verdicts(decided.getLast(), group)).isEqualTo(Map.of(group, new Verdict(70, false)));
        assertThat(decided).anySatisfy(decision -> assertThat(Definitions.verdicts(decision, group))
                .isEqualTo(Map.of(group, new Verdict(70, true))));
    }

    @Test
    void decisionsThatFailAreRetriedUntilTheyArePublished() throws Exception {
        String group = Fleet.uniqueName("retried");
        definitions.define(group, "attributes.stage:retry", 60, 60);
        Definitions.awaitStored(group, Optional.of(60L));
        long retriesBefore = consumerRetries();
        String thing = Fleet.uniqueName("retried-thing");
        // the percolator closed: the batch is written, its decisions fail and are retried
        engine.json("POST", "/" + PercolatorIndex.NAME + "/_close", null).expectOk("closing the percolator");
        try {
            Fleet.send(Fleet.thing(CREATED, thing, 1, 1, Map.of("stage", "retry")));
            fleet.awaitDocument(thing, doc -> true);
            Instant deadline = Instant.now().plusSeconds(30);
            while (consumerRetries() == retriesBefore && Instant.now().isBefore(deadline)) {
                Thread.sleep(100);
            }
            assertThat(consumerRetries()).isGreaterThan(retriesBefore);
        } finally {
            engine.json("POST", "/" + PercolatorIndex.NAME + "/_open", null).expectOk("opening the percolator");
        }
        Decision decided = Definitions.decisions(thing, 1).getLast();
        assertThat(Definitions.verdicts(decided, group)).isEqualTo(Map.of(group, new Verdict(60, true)));
    }

    private static long consumerRetries() {
        return given().get("/q/health")
                .then()
                .extract()
                .jsonPath()
                .getLong("checks.find { it.name == 'thing-index' }.data.retries");
    }

    @Test
    void namedShadowAndConnectivityFieldsDecideToo() {
        String eco = Fleet.uniqueName("eco");
        String online = Fleet.uniqueName("online");
        definitions.define(eco, "shadow.name.cfg.reported.mode:ECO", 40, 40);
        definitions.define(online, "connectivity.connected:true", 41, 41);
        Definitions.awaitStored(eco, Optional.of(40L));
        Definitions.awaitStored(online, Optional.of(41L));
        String thing = Fleet.uniqueName("named");
        Fleet.send(Fleet.thing(CREATED, thing, 1, 1, Map.of()));
        assertThat(Definitions.verdicts(Definitions.decisions(thing, 1).getLast(), eco, online))
                .isEqualTo(Map.of(eco, new Verdict(40, false), online, new Verdict(41, false)));

        Fleet.send(Fleet.shadowUpdated(thing, "cfg", 1, 1_000, "{\"reported\":{\"mode\":\"eco\"}}"));
        assertThat(Definitions.verdicts(Definitions.decisions(thing, 2).getLast(), eco, online))
                .isEqualTo(Map.of(eco, new Verdict(40, true), online, new Verdict(41, false)));

        Fleet.presence(thing, thing, true, 1, System.currentTimeMillis(), null);
        assertThat(Definitions.verdicts(Definitions.decisions(thing, 3).getLast(), eco, online))
                .isEqualTo(Map.of(eco, new Verdict(40, true), online, new Verdict(41, true)));
    }

    @Test
    void aNewRevisionOfAGroupIsNamedByTheNextDecision() {
        String group = Fleet.uniqueName("rev");
        definitions.define(group, "attributes.floor:1", 20, 20);
        Definitions.awaitStored(group, Optional.of(20L));
        String thing = Fleet.uniqueName("rev-thing");
        Fleet.send(Fleet.thing(CREATED, thing, 1, 1, Map.of("floor", "1")));
        assertThat(Definitions.verdicts(Definitions.decisions(thing, 1).getLast(), group))
                .isEqualTo(Map.of(group, new Verdict(20, true)));

        definitions.define(group, "attributes.floor:2", 21, 20);
        Definitions.awaitStored(group, Optional.of(21L));
        Fleet.send(Fleet.thing(UPDATED, thing, 2, 2, Map.of("floor", "1", "x", "y")));
        assertThat(Definitions.verdicts(Definitions.decisions(thing, 2).getLast(), group))
                .isEqualTo(Map.of(group, new Verdict(21, false)));
    }

    @Test
    void aChangeOfMembershipsAloneIsDecidedOnlyWhenAQueryReadsMemberships() throws Exception {
        String kind = Fleet.uniqueName("kind");
        String byKind = Fleet.uniqueName("by-kind");
        definitions.define(byKind, "attributes.kind:" + kind, 50, 50);
        Definitions.awaitStored(byKind, Optional.of(50L));
        String thing = Fleet.uniqueName("member");
        Fleet.send(Fleet.thing(CREATED, thing, 1, 1, Map.of("kind", kind)));
        assertThat(Definitions.verdicts(Definitions.decisions(thing, 1).getLast(), byKind))
                .isEqualTo(Map.of(byKind, new Verdict(50, true)));

        // a new group changes the set of queries, so the thing's next percolation is published whatever it finds;
        // a membership change is not percolated at all while no query reads memberships
        String other = Fleet.uniqueName("other");
        definitions.define(other, "attributes.kind:none-" + kind, 51, 51);
        Definitions.awaitStored(other, Optional.of(51L));
        long skipped = notPercolated();
        String staticGroup = Fleet.uniqueName("static");
        Fleet.membership(staticGroup, thing, true, 1);
        fleet.awaitDocument(
                thing, doc -> String.valueOf(doc.get("thingGroupNames")).contains(staticGroup));
        long membershipWrite = engine.json("GET", "/aws_things/_doc/" + thing, null)
                .body()
                .path("_seq_no")
                .asLong();
        awaitNotPercolatedAbove(skipped); // decided right after the write that the document shows
        Fleet.send(Fleet.thing(UPDATED, thing, 2, 2, Map.of("kind", kind, "x", "1")));
        Decision next = Definitions.decisions(thing, 2).getLast();
        assertThat(Definitions.verdicts(next, byKind, other))
                .isEqualTo(Map.of(byKind, new Verdict(50, true), other, new Verdict(51, false)));
        assertThat(next.version().seqNo())
                .as("the second decision is the registry change's, not the membership change's")
                .isGreaterThan(membershipWrite);

        // a query on thingGroupNames: membership changes are decided, both ways
        String inStatic = Fleet.uniqueName("in-static");
        String named = Fleet.uniqueName("named");
        definitions.define(inStatic, "thingGroupNames:" + named, 52, 52);
        Definitions.awaitStored(inStatic, Optional.of(52L));
        Fleet.membership(named, thing, true, 2);
        assertThat(Definitions.verdicts(Definitions.decisions(thing, 3).getLast(), byKind, inStatic))
                .isEqualTo(Map.of(byKind, new Verdict(50, true), inStatic, new Verdict(52, true)));
        Fleet.membership(named, thing, false, 3);
        assertThat(Definitions.verdicts(Definitions.decisions(thing, 4).getLast(), byKind, inStatic))
                .isEqualTo(Map.of(byKind, new Verdict(50, true), inStatic, new Verdict(52, false)));
    }

    private static void awaitNotPercolatedAbove(long before) {
        java.time.Instant deadline = java.time.Instant.now().plus(Fleet.DEADLINE);
        while (notPercolated() <= before && java.time.Instant.now().isBefore(deadline)) {
            Definitions.sleep();
        }
        assertThat(notPercolated()).isGreaterThan(before);
    }

    private static long notPercolated() {
        return io.quarkus.arc.Arc.container()
                .instance(MembershipDecisions.class)
                .get()
                .counters()
                .get("membershipChangesNotPercolated");
    }

    @Test
    void aDecisionLostBetweenPublishingAndRecordingIsPublishedAgainOnReplay() throws Exception {
        String group = Fleet.uniqueName("replay");
        definitions.define(group, "attributes.mode:auto", 30, 30);
        Definitions.awaitStored(group, Optional.of(30L));
        String thing = Fleet.uniqueName("replay-thing");
        var created = Fleet.thing(CREATED, thing, 1, 1, Map.of("mode", "auto"));
        Fleet.send(created);
        assertThat(Definitions.verdicts(Definitions.decisions(thing, 1).getLast(), group))
                .isEqualTo(Map.of(group, new Verdict(30, true)));
        fleet.awaitDocument(thing, doc -> doc.get(StoredResult.FIELD) != null);

        // as if the service had stopped after publishing, before recording: the document has no result, and the
        // replayed event changes nothing in it (a no-op write), yet it is decided again
        engine.json(
                        "POST",
                        "/aws_things/_update/" + thing,
                        Map.of("refresh", "true"),
                        "{\"script\":{\"source\":\"ctx._source.remove('" + StoredResult.FIELD + "')\"}}")
                .expectOk("removing the stored result");
        Fleet.send(created);
        Decision again = Definitions.decisions(thing, 2).getLast();
        assertThat(Definitions.verdicts(again, group)).isEqualTo(Map.of(group, new Verdict(30, true)));
    }

    // ---- StreamMatches ----

    @Test
    void streamMatchesListsTheLiveMatchingThingsWithTheirVersions() throws Exception {
        String tag = Fleet.uniqueName("batch");
        List<String> matching = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String thing = tag + "-t" + i;
            Fleet.send(Fleet.thing(CREATED, thing, 1, 1, Map.of("batch", tag, "kind", i % 2 == 0 ? "x" : "y")));
            if (i % 2 == 0) {
                matching.add(thing);
            }
        }
        // a matching thing the registry deleted: its tombstone is in the index, not behind the live alias
        String deleted = tag + "-gone";
        Fleet.send(Fleet.thing(CREATED, deleted, 1, 1, Map.of("batch", tag, "kind", "x")));
        Fleet.send(Fleet.thing(DELETED, deleted, 2, 2, Map.of()));
        for (int i = 0; i < 5; i++) {
            fleet.awaitDocument(tag + "-t" + i, doc -> true);
        }
        ThingIndexState settled = ThingIndexSettled.await();
        fleet.awaitDocument(settled.live().index(), deleted, doc -> Boolean.FALSE.equals(doc.get(ThingIndex.LIVE)));
        String group = Fleet.uniqueName("stream");
        definitions.define(group, "attributes.batch:" + tag + " AND attributes.kind:x", 3, 3);

        // pages of 2 in tests: the three matches take two pages of the point in time
        List<DynamicGroupMatch> matches = stream(group, 3);
        assertThat(matches).extracting(DynamicGroupMatch::getThingName).containsExactlyInAnyOrderElementsOf(matching);
        assertThat(matches).allSatisfy(match -> {
            assertThat(match.getTotal()).isEqualTo(3);
            assertThat(match.getThingId()).isEqualTo("id-" + match.getThingName());
        });
        ThingIndexState state = ThingIndexSettled.await();
        for (DynamicGroupMatch match : matches) {
            var version = match.getVersion();
            assertThat(version.getGeneration()).isEqualTo(state.live().number());
            var current = engine.json("GET", "/aws_things/_doc/" + match.getThingName(), null)
                    .body();
            DocumentVersion streamed =
                    new DocumentVersion(version.getGeneration(), version.getPrimaryTerm(), version.getSeqNo());
            DocumentVersion now = new DocumentVersion(
                    state.live().number(),
                    current.path("_primary_term").asLong(),
                    current.path("_seq_no").asLong());
            assertThat(streamed).isLessThanOrEqualTo(now);
            assertThat(version.getPrimaryTerm()).isPositive();
        }

        // an outdated revision: a newer backfill replaces this one
        definitions.define(group, "attributes.batch:" + tag, 4, 3);
        Definitions.awaitStored(group, Optional.of(4L));
        assertThatThrownBy(() -> stream(group, 3)).isInstanceOfSatisfying(StatusRuntimeException.class, e -> assertThat(
                        e.getStatus().getCode())
                .isEqualTo(Status.Code.ABORTED));
        assertThat(stream(group, 4)).hasSize(5);
        // a revision the percolator does not hold yet: waits, within the call's deadline
        assertThatThrownBy(() -> queries.withDeadlineAfter(1, TimeUnit.SECONDS)
                        .streamMatches(request(group, 9))
                        .forEachRemaining(match -> {}))
                .isInstanceOfSatisfying(
                        StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED));
        definitions.delete(group, 5);
        Definitions.awaitStored(group, Optional.empty());
        assertThatThrownBy(() -> stream(group, 4)).isInstanceOfSatisfying(StatusRuntimeException.class, e -> assertThat(
                        e.getStatus().getCode())
                .isEqualTo(Status.Code.ABORTED));
    }

    // ---- ValidateQuery and the indexing configuration ----

    @Test
    void validateQueryAnswersAsSearchIndexDoes() {
        assertThat(validate("AWS_Things", "attributes.color:red AND shadow.reported.temp > 3", "2017-09-30"))
                .isEqualTo(ValidateQueryResponse.getDefaultInstance());
        assertThat(validate("", "thingName:abc*", "")).isEqualTo(ValidateQueryResponse.getDefaultInstance());

        String bad = "nosuchfield:abc";
        ValidateQueryResponse invalid = validate("AWS_Things", bad, "2017-09-30");
        assertThat(invalid.getErrorCode()).isEqualTo("InvalidQueryException");
        String searchMessage = given().contentType(ContentType.JSON)
                .body(Map.of("indexName", "AWS_Things", "queryString", bad))
                .post("/indices/search")
                .then()
                .statusCode(400)
                .extract()
                .jsonPath()
                .getString("message");
        assertThat(invalid.getMessage()).isEqualTo(searchMessage);

        ValidateQueryResponse syntax = validate("AWS_Things", "attributes.a:(b", "2017-09-30");
        assertThat(syntax.getErrorCode()).isEqualTo("InvalidQueryException");

        assertThat(validate("AWS_ThingGroups", "thingGroupName:a", "2017-09-30").getErrorCode())
                .isEqualTo("InvalidRequestException");
        assertThat(validate("AWS_Things", "thingName:a", "2020-01-01").getErrorCode())
                .isEqualTo("InvalidRequestException");
    }

    @Test
    void thingIndexingCannotBeTurnedOffWhileDynamicGroupsExist() {
        String group = Fleet.uniqueName("keep");
        definitions.define(group, "thingName:abc", 2, 2);
        Definitions.awaitStored(group, Optional.of(2L));
        String off = "{\"thingIndexingConfiguration\":{\"thingIndexingMode\":\"OFF\"}}";
        given().contentType(ContentType.JSON)
                .body(off)
                .post("/indexing/config")
                .then()
                .statusCode(400)
                .header("x-amzn-ErrorType", org.hamcrest.Matchers.startsWith("InvalidRequestException"))
                .body("message", org.hamcrest.Matchers.containsString("dynamic thing groups exist"));

        definitions.deleteAll();
        try {
            given().contentType(ContentType.JSON)
                    .body(off)
                    .post("/indexing/config")
                    .then()
                    .log()
                    .ifValidationFails()
                    .statusCode(200);
            ValidateQueryResponse answer = validate("AWS_Things", "thingName:abc", "2017-09-30");
            assertThat(answer.getErrorCode()).isEqualTo("InvalidRequestException");
            assertThat(answer.getMessage()).contains("thing indexing");
        } finally {
            configurations.reset();
            ThingIndexSettled.await();
        }
    }

    private ValidateQueryResponse validate(String index, String query, String version) {
        return queries.withDeadlineAfter(30, TimeUnit.SECONDS)
                .validateQuery(ValidateQueryRequest.newBuilder()
                        .setIndexName(index)
                        .setQueryString(query)
                        .setQueryVersion(version)
                        .build());
    }

    private List<DynamicGroupMatch> stream(String group, long revision) {
        List<DynamicGroupMatch> matches = new ArrayList<>();
        Iterator<DynamicGroupMatch> answer =
                queries.withDeadlineAfter(30, TimeUnit.SECONDS).streamMatches(request(group, revision));
        answer.forEachRemaining(matches::add);
        return matches;
    }

    private static StreamMatchesRequest request(String group, long revision) {
        return StreamMatchesRequest.newBuilder()
                .setGroupName(group)
                .setRevision(revision)
                .build();
    }
}

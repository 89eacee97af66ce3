package io.iotdm.group.dynamic;

import static io.iotdm.group.Api.unique;
import static io.iotdm.group.Dynamic.await;
import static io.iotdm.group.Dynamic.awaitMembers;
import static io.iotdm.group.Dynamic.awaitStatus;
import static io.iotdm.group.Dynamic.createDynamicWithQuery;
import static io.iotdm.group.Dynamic.decision;
import static io.iotdm.group.Dynamic.deleteDynamic;
import static io.iotdm.group.Dynamic.members;
import static io.iotdm.group.Dynamic.publish;
import static io.iotdm.group.Dynamic.revision;
import static io.iotdm.group.Dynamic.status;
import static io.iotdm.group.Dynamic.updateDynamic;
import static io.iotdm.group.TestIndexing.match;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.grpc.Status;
import io.iotdm.events.DynamicGroupMessages.Verdict;
import io.iotdm.group.GroupTestResource;
import io.iotdm.group.TestIndexing;
import io.iotdm.group.TestRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The backfill of BUILDING and REBUILDING groups from the indexing-service's StreamMatches ({@link TestIndexing}
 * streams what a test scripts), and decisions arriving while it runs.
 */
@QuarkusTest
@GroupTestResource
class BackfillTest {

    @Inject
    TestRegistry registry;

    @Inject
    TestIndexing indexing;

    @Inject
    Pool pool;

    @Test
    void everyConnectionPlansStatementsWithTheirParameters() {
        // a generic plan made while membership was empty kept scanning it whole as a backfill filled it
        for (int i = 0; i < 3; i++) {
            String mode = pool.query("SHOW plan_cache_mode")
                    .execute()
                    .await()
                    .indefinitely()
                    .iterator()
                    .next()
                    .getString(0);
            assertThat(mode).isEqualTo("force_custom_plan");
        }
    }

    @Test
    void aNewGroupIsBuiltWithExactlyTheMatchingThingsAndRebuiltWhenItsQueryChanges() {
        String group = unique("built");
        String t1 = unique("t1");
        String t2 = unique("t2");
        String t3 = unique("t3");
        String t4 = unique("t4");
        indexing.script(group, List.of(match(t1, "id1", 1, 3), match(t2, "id2", 2, 3), match(t3, "id3", 3, 3)));
        createDynamicWithQuery(group, "attributes.v:1").statusCode(200);
        awaitStatus(group, "ACTIVE");
        assertThat(members(group)).containsExactlyInAnyOrder(t1, t2, t3);
        given().get("/thing-groups/" + group).then().header("iotdm-backfill-progress", (String) null);

        // the new query matches t2 and t4: t1 and t3, not confirmed under it, leave
        indexing.script(group, List.of(match(t2, "id2", 4, 2), match(t4, "id4", 5, 2)));
        updateDynamic(group, "{\"thingGroupProperties\":{},\"queryString\":\"attributes.v:2\"}")
                .statusCode(200);
        awaitStatus(group, "ACTIVE");
        assertThat(members(group)).containsExactlyInAnyOrder(t2, t4);
        long rebuilt = revision(group, 2);
        assertThat(indexing.requests()).anySatisfy(request -> {
            assertThat(request.getGroupName()).isEqualTo(group);
            assertThat(request.getRevision()).isEqualTo(rebuilt);
        });
        assertThat(verdictGroups(t2)).contains(group);
        assertThat(verdictGroups(t1)).contains(group); // a non-member's verdict (of the earlier query)
        deleteDynamic(group).statusCode(200);
        given().get("/thing-groups/" + group).then().statusCode(404);
        // every thing's verdicts forget it, members' and others'
        await(() -> verdictGroups(t1).contains(group) || verdictGroups(t2).contains(group), false);
        assertThat(verdictGroups(t4)).doesNotContain(group);
    }

    @Test
    void theVerdictsOfAGroupCreatedAgainUnderADeletedOnesNameStay() {
        String group = unique("again");
        String t1 = unique("t1");
        indexing.script(group, List.of(match(t1, "id1", 1, 1)));
        createDynamicWithQuery(group, "attributes.v:1").statusCode(200);
        awaitStatus(group, "ACTIVE");
        deleteDynamic(group).statusCode(200);
        // created again at once: the sweep of the deleted group's verdicts, whenever it runs, leaves the new group's
        indexing.script(group, List.of(match(t1, "id1", 2, 1)));
        createDynamicWithQuery(group, "attributes.v:1").statusCode(200);
        awaitStatus(group, "ACTIVE");
        await(this::sweepsPending, 0L);
        assertThat(verdictGroups(t1)).contains(group);
        assertThat(members(group)).containsExactly(t1);
        deleteDynamic(group).statusCode(200);
    }

    @Test
    void groupsDeletedTogetherAreForgottenTogether() {
        String first = unique("swept1");
        String second = unique("swept2");
        String t1 = unique("t1");
        indexing.script(first, List.of(match(t1, "id1", 1, 1)));
        indexing.script(second, List.of(match(t1, "id1", 1, 1)));
        createDynamicWithQuery(first, "attributes.v:1").statusCode(200);
        createDynamicWithQuery(second, "attributes.v:1").statusCode(200);
        awaitStatus(first, "ACTIVE");
        awaitStatus(second, "ACTIVE");
        assertThat(verdictGroups(t1)).contains(first, second);
        deleteDynamic(first).statusCode(200);
        deleteDynamic(second).statusCode(200);
        await(() -> verdictGroups(t1).contains(first) || verdictGroups(t1).contains(second), false);
    }

    private long sweepsPending() {
        return pool.query("SELECT count(*) FROM verdict_sweep")
                .execute()
                .await()
                .indefinitely()
                .iterator()
                .next()
                .getLong(0);
    }

    private Set<String> verdictGroups(String thing) {
        var rows = pool.preparedQuery("SELECT verdicts FROM thing_verdict WHERE thing_name = $1")
                .execute(Tuple.of(thing))
                .await()
                .indefinitely();
        return rows.iterator().hasNext()
                ? rows.iterator().next().getJsonObject(0).fieldNames()
                : Set.of();
    }

    @Test
    void decisionsThatArriveDuringABackfillAreNotLostAndProgressIsVisible() throws Exception {
        String group = unique("busy");
        String t1 = unique("t1");
        String t2 = unique("t2");
        String t3 = unique("t3");
        String t4 = unique("t4");
        String late = unique("late");
        TestIndexing.Script script = indexing.holding(
                group,
                List.of(match(t1, "id1", 1, 4), match(t2, "id2", 2, 4), match(t3, "id3", 3, 4), match(t4, "id4", 4, 4)),
                2);
        createDynamicWithQuery(group, "attributes.v:1").statusCode(200);
        script.awaitHolding();
        long revision = revision(group, 1);

        // while the stream holds: a thing that now matches, and t3, whose newer document no longer matches
        publish(decision(late, "idL", 100, Map.of(group, new Verdict(revision, true))));
        publish(decision(t3, "id3", 100, Map.of(group, new Verdict(revision, false))));
        awaitMembers(group, List.of(t1, t2, late));
        // t3's decision is keyed to another partition than the late thing's: seen applied only by its verdict
        await(() -> verdictGroups(t3), Set.of(group));
        assertThat(status(group)).isEqualTo("BUILDING");
        given().get("/thing-groups/" + group)
                .then()
                .statusCode(200)
                .body("status", equalTo("BUILDING"))
                .header("iotdm-backfill-progress", "2/4");

        script.release();
        awaitStatus(group, "ACTIVE");
        // t3's match was older than its decision; the late thing, decided under the current query, stays
        assertThat(members(group)).containsExactlyInAnyOrder(t1, t2, t4, late);
        deleteDynamic(group).statusCode(200);
    }

    @Test
    void aBackfillRetriesWhileTheIndexIsUnavailableAndRunningItAgainIsHarmless() throws Exception {
        String group = unique("retry");
        String t1 = unique("t1");
        indexing.failing(group, Status.UNAVAILABLE.withDescription("index not built yet"));
        createDynamicWithQuery(group, "attributes.v:1").statusCode(200);
        Thread.sleep(1500);
        assertThat(status(group)).isEqualTo("BUILDING");

        indexing.script(group, List.of(match(t1, "id1", 1, 1)));
        awaitStatus(group, "ACTIVE");
        assertThat(members(group)).containsExactly(t1);

        // a superseded backfill (ABORTED: a newer revision exists) starts over with the newer revision
        indexing.failing(group, Status.ABORTED.withDescription("newer revision"));
        updateDynamic(group, "{\"thingGroupProperties\":{},\"queryString\":\"attributes.v:2\"}")
                .statusCode(200);
        Thread.sleep(700);
        indexing.script(group, List.of(match(t1, "id1", 2, 1)));
        updateDynamic(group, "{\"thingGroupProperties\":{},\"queryString\":\"attributes.v:3\"}")
                .statusCode(200);
        awaitStatus(group, "ACTIVE");
        assertThat(members(group)).containsExactly(t1);
        deleteDynamic(group).statusCode(200);
    }

    @Test
    void aBackfillCutShortStartsOverAndEndsWithTheExactMembership() throws Exception {
        String group = unique("cut");
        String t1 = unique("t1");
        String t2 = unique("t2");
        String t3 = unique("t3");
        TestIndexing.Script script = indexing.holding(
                group, List.of(match(t1, "id1", 1, 3), match(t2, "id2", 2, 3), match(t3, "id3", 3, 3)), 2);
        createDynamicWithQuery(group, "attributes.v:1").statusCode(200);
        script.awaitHolding();
        awaitMembers(group, List.of(t1, t2));
        // the indexing-service goes away mid-stream; the next attempt streams everything from the start
        indexing.script(group, List.of(match(t1, "id1", 1, 3), match(t2, "id2", 2, 3), match(t3, "id3", 3, 3)));
        script.fail(Status.UNAVAILABLE.withDescription("killed"));
        awaitStatus(group, "ACTIVE");
        assertThat(members(group)).containsExactlyInAnyOrder(t1, t2, t3);
        deleteDynamic(group).statusCode(200);
    }

    @Test
    void aQueryChangeDuringABackfillSupersedesIt() throws Exception {
        String group = unique("moved");
        String t1 = unique("t1");
        String t2 = unique("t2");
        String t3 = unique("t3");
        String t4 = unique("t4");
        TestIndexing.Script first = indexing.holding(
                group, List.of(match(t1, "id1", 1, 4), match(t2, "id2", 2, 4), match(t3, "id3", 3, 4)), 2);
        createDynamicWithQuery(group, "attributes.v:1").statusCode(200);
        first.awaitHolding();
        awaitMembers(group, List.of(t1, t2));

        indexing.script(group, List.of(match(t4, "id4", 5, 1)));
        updateDynamic(group, "{\"thingGroupProperties\":{},\"queryString\":\"attributes.v:2\"}")
                .statusCode(200);
        given().get("/thing-groups/" + group).then().body("status", equalTo("REBUILDING"));
        first.release();
        awaitStatus(group, "ACTIVE");
        // nothing of the superseded query's backfill stays: t3 was never applied, t1 and t2 were not confirmed
        assertThat(members(group)).containsExactly(t4);
        deleteDynamic(group).statusCode(200);
    }
}

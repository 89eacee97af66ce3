package io.iotdm.registry.shadow;

import static io.iotdm.registry.shadow.DeviceShadowAnswers.answer;
import static io.iotdm.registry.shadow.DeviceShadowAnswers.thingName;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import io.iotdm.events.ShadowEvents;
import io.iotdm.registry.RegistryTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A batch of devices' shadow requests in which one thing's request fails for a reason of its own, not a rejection
 * ({@link DeviceShadowRequests#answer}): the other things' requests are answered and applied once, together, and the failing
 * thing's requests each alone, the failing one answered {@code 500}.
 */
@QuarkusTest
@RegistryTestResource
class ShadowRequestBatchTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    Pool pool;

    @Inject
    DeviceShadowRequests shadows;

    @Test
    void aRequestThatFailsInTheServiceSetsAsideItsThingAloneAndTheOtherThingsAreAppliedOnceTogether() throws Exception {
        String good = thingName();
        String poisoned = thingName();
        String other = thingName();
        // a stored document that does not read: a request about it fails every time, while it is applied
        pool.preparedQuery("INSERT INTO shadow (thing_name, shadow_name, document, version, updated_at)"
                        + " VALUES ($1, '', '[]', 1, now())")
                .execute(Tuple.of(poisoned))
                .await()
                .atMost(WAIT);
        List<ShadowRequest> batch = batch(good, poisoned, other);

        shadows.answer(batch).await().atMost(WAIT);
        // Kafka delivers the batch again (a crash before its offsets were committed): nothing is applied twice
        shadows.answer(batch).await().atMost(WAIT);

        assertAnsweredAndAppliedOnce(good, other);
        // the failing thing's requests, each alone: its other shadow is updated, the two about the bad one fail alone
        assertThat(answer(poisoned, "lamp", "/update/accepted", "p2")
                        .get("version")
                        .asLong())
                .isEqualTo(1);
        assertInternalError(poisoned, "/update/rejected", "p1");
        assertInternalError(poisoned, "/get/rejected", "p3");
        // the other things' shadows were written by one transaction (the batch without the failing thing), not one per
        // request; the failing thing's good request by one of its own
        List<String> writers = writers(good, other, poisoned);
        assertThat(writers.get(0)).isEqualTo(writers.get(1));
        assertThat(writers.get(2)).isNotEqualTo(writers.get(0));
    }

    @Test
    void aStatementThatFailsForOneThingSetsAsideThatThingAloneAndTheOtherThingsAreAppliedOnce() throws Exception {
        String good = thingName();
        String refused = thingName();
        String other = thingName();
        // the database refuses to write one thing's shadows (as a constraint would): the batch's one UPDATE fails
        // without saying for which request
        String trigger = "refuse_" + refused.replace('-', '_');
        sql("CREATE OR REPLACE FUNCTION refuse_shadow_write() RETURNS trigger LANGUAGE plpgsql AS "
                + "$$ BEGIN RAISE EXCEPTION 'refused by the test'; END $$");
        sql("CREATE TRIGGER " + trigger + " BEFORE UPDATE ON shadow FOR EACH ROW WHEN (NEW.thing_name = '" + refused
                + "') EXECUTE FUNCTION refuse_shadow_write()");
        try {
            List<ShadowRequest> batch = batch(good, refused, other);

            shadows.answer(batch).await().atMost(WAIT);
            shadows.answer(batch).await().atMost(WAIT);

            assertAnsweredAndAppliedOnce(good, other);
            assertInternalError(refused, "/update/rejected", "p1");
            assertThat(answer(refused, "lamp", "/update/rejected", "p2")
                            .get("code")
                            .asInt())
                    .isEqualTo(500);
            // a get writes nothing: it is answered
            assertThat(answer(refused, null, "/get/rejected", "p3").get("code").asInt())
                    .isEqualTo(404);
        } finally {
            sql("DROP TRIGGER IF EXISTS " + trigger + " ON shadow");
            sql("DROP FUNCTION IF EXISTS refuse_shadow_write()");
        }
    }

    /** Requests of three things, interleaved; {@code failing}'s are tokened p1, p2, p3. */
    private static List<ShadowRequest> batch(String good, String failing, String other) {
        return List.of(
                request(good, null, "update", "{\"state\":{\"reported\":{\"n\":1}},\"clientToken\":\"g1\"}"),
                request(failing, null, "update", "{\"state\":{\"reported\":{\"n\":1}},\"clientToken\":\"p1\"}"),
                request(other, "fan", "update", "{\"state\":{\"desired\":{\"speed\":2}},\"clientToken\":\"o1\"}"),
                request(
                        good,
                        null,
                        "update",
                        "{\"state\":{\"reported\":{\"n\":2}},\"version\":1,\"clientToken\":\"g2\"}"),
                request(failing, "lamp", "update", "{\"state\":{\"reported\":{\"on\":true}},\"clientToken\":\"p2\"}"),
                request(failing, null, "get", "{\"clientToken\":\"p3\"}"),
                request(other, "fan", "get", "{\"clientToken\":\"o2\"}"));
    }

    private static void assertAnsweredAndAppliedOnce(String good, String other) throws Exception {
        assertThat(answer(good, null, "/update/accepted", "g1").get("version").asLong())
                .isEqualTo(1);
        assertThat(answer(good, null, "/update/accepted", "g2").get("version").asLong())
                .isEqualTo(2);
        assertThat(answer(other, "fan", "/update/accepted", "o1").get("version").asLong())
                .isEqualTo(1);
        JsonNode got = answer(other, "fan", "/get/accepted", "o2");
        assertThat(got.get("version").asLong()).isEqualTo(1);
        assertThat(got.get("state").get("delta").get("speed").asInt()).isEqualTo(2);
        given().get("/things/" + good + "/shadow")
                .then()
                .statusCode(200)
                .body("version", equalTo(2))
                .body("state.reported.n", equalTo(2));
        given().get("/things/" + other + "/shadow?name=fan")
                .then()
                .statusCode(200)
                .body("version", equalTo(1));
    }

    private static void assertInternalError(String thing, String suffix, String clientToken) throws Exception {
        JsonNode rejected = answer(thing, null, suffix, clientToken);
        assertThat(rejected.get("code").asInt()).isEqualTo(500);
        assertThat(rejected.get("message").asText()).isEqualTo("Internal service failure");
    }

    /** The transactions that last wrote good's classic shadow, other's {@code fan} and poisoned's {@code lamp}. */
    private List<String> writers(String good, String other, String poisoned) {
        List<String> writers = new ArrayList<>();
        pool.preparedQuery(
                        """
                        SELECT xmin::text FROM shadow
                        WHERE (thing_name, shadow_name) IN (($1, ''), ($2, 'fan'), ($3, 'lamp'))
                        ORDER BY thing_name = $3, thing_name""")
                .execute(Tuple.of(good, other, poisoned))
                .await()
                .atMost(WAIT)
                .forEach(row -> writers.add(row.getString(0)));
        assertThat(writers).hasSize(3);
        return writers;
    }

    private void sql(String statement) {
        pool.query(statement).execute().await().atMost(WAIT);
    }

    private static ShadowRequest request(String thing, String shadowName, String operation, String payload) {
        return ShadowRequest.of(
                        ShadowEvents.topicPrefix(thing, shadowName) + "/" + operation,
                        payload.getBytes(StandardCharsets.UTF_8),
                        UUID.randomUUID().toString())
                .orElseThrow();
    }
}

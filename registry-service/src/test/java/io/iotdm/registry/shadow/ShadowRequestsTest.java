package io.iotdm.registry.shadow;

import static io.iotdm.registry.shadow.DeviceShadowAnswers.answer;
import static io.iotdm.registry.shadow.DeviceShadowAnswers.thingName;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.iotdm.events.DeviceMessages;
import io.iotdm.events.Event;
import io.iotdm.events.ShadowEvents;
import io.iotdm.registry.RegistryTestResource;
import io.iotdm.testing.KafkaTopicReader;
import io.iotdm.testing.KafkaTopicWriter;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * The Device Shadow over MQTT (docs/aws-behaviour.md §4.1) through devstack's Kafka: requests written on {@code
 * iotdm.device.inbound} as the device gateway writes them, answers read from {@code iotdm.device.outbound}.
 */
@QuarkusTest
@RegistryTestResource
class ShadowRequestsTest {

    private static final JsonMapper JSON = new JsonMapper();

    @Inject
    Pool pool;

    @Test
    void anUpdateIsAcceptedWithItsDeltaAndDocumentsAndGetAnswersTheShadow() throws Exception {
        String thing = thingName();
        request(
                thing,
                null,
                "update",
                "{\"state\":{\"desired\":{\"color\":\"red\"},\"reported\":{\"color\":\"blue\"}},\"clientToken\":\"t-1\"}");

        JsonNode accepted = answer(thing, null, "/update/accepted");
        assertThat(accepted.get("state").get("desired").get("color").asText()).isEqualTo("red");
        assertThat(accepted.get("metadata")
                        .get("desired")
                        .get("color")
                        .get("timestamp")
                        .isIntegralNumber())
                .isTrue();
        assertThat(accepted.get("version").asLong()).isEqualTo(1);
        assertThat(accepted.get("clientToken").asText()).isEqualTo("t-1");
        JsonNode delta = answer(thing, null, "/update/delta");
        assertThat(delta.get("state")).isEqualTo(JSON.readTree("{\"color\":\"red\"}"));
        assertThat(delta.get("clientToken").asText()).isEqualTo("t-1");
        JsonNode documents = answer(thing, null, "/update/documents");
        assertThat(documents.get("previous").isNull()).isTrue();
        assertThat(documents.get("current").get("version").asLong()).isEqualTo(1);
        // the fleet index's copy of the same documents
        ConsumerRecord<String, String> indexed = KafkaTopicReader.await(
                        ShadowEvents.SHADOW_TOPIC, record -> thing.equals(record.key()), 1)
                .get(0);
        assertThat(JSON.readTree(indexed.value())).isEqualTo(documents);

        request(thing, null, "get", "{\"clientToken\":\"t-2\"}");
        JsonNode got = answer(thing, null, "/get/accepted");
        assertThat(got.get("state").get("delta").get("color").asText()).isEqualTo("red");
        assertThat(got.get("state").get("reported").get("color").asText()).isEqualTo("blue");
        assertThat(got.get("version").asLong()).isEqualTo(1);
        assertThat(got.get("clientToken").asText()).isEqualTo("t-2");
    }

    @Test
    void aRequestDeliveredTwiceIsAppliedOnce() throws Exception {
        String thing = thingName();
        String twice = UUID.randomUUID().toString();
        request(thing, "settings", "update", "{\"state\":{\"reported\":{\"n\":1}},\"clientToken\":\"first\"}", twice);
        request(thing, "settings", "update", "{\"state\":{\"reported\":{\"n\":1}},\"clientToken\":\"first\"}", twice);
        request(thing, "settings", "update", "{\"state\":{\"reported\":{\"n\":2}},\"clientToken\":\"second\"}");

        JsonNode second = answer(thing, "settings", "/update/accepted", "second");
        assertThat(second.get("version").asLong()).isEqualTo(2);
        given().get("/things/" + thing + "/shadow?name=settings")
                .then()
                .statusCode(200)
                .body("version", equalTo(2))
                .body("state.reported.n", equalTo(2));
    }

    @Test
    void badRequestsAreRejectedAndTheRequestsBehindThemAnswered() throws Exception {
        String thing = thingName();
        request(thing, null, "update", "{not json");
        request(thing, null, "get", "{\"clientToken\":\"missing\"}");
        request(
                thing,
                null,
                "update",
                "{\"state\":{\"reported\":{\"on\":true}},\"version\":7,\"clientToken\":\"old\"}");
        // not a shadow request: the shadow service skips it
        publish(
                thing,
                "$aws/things/" + thing + "/jobs/get",
                "{}",
                UUID.randomUUID().toString());
        request(thing, null, "update", "{\"state\":{\"reported\":{\"on\":true}},\"clientToken\":\"good\"}");

        JsonNode invalid = answer(thing, null, "/update/rejected", null);
        assertThat(invalid.get("code").asInt()).isEqualTo(400);
        assertThat(invalid.get("message").asText()).isEqualTo("Invalid JSON");
        assertThat(invalid.get("timestamp").isIntegralNumber()).isTrue();
        assertThat(invalid.has("clientToken")).isFalse();
        JsonNode missing = answer(thing, null, "/get/rejected");
        assertThat(missing.get("code").asInt()).isEqualTo(404);
        assertThat(missing.get("message").asText()).isEqualTo("No shadow exists with name: '" + thing + "'");
        assertThat(missing.get("clientToken").asText()).isEqualTo("missing");
        JsonNode conflict = answer(thing, null, "/update/rejected", "old");
        assertThat(conflict.get("code").asInt()).isEqualTo(409);
        assertThat(conflict.get("message").asText()).isEqualTo("Version conflict");
        assertThat(answer(thing, null, "/update/accepted", "good")
                        .get("version")
                        .asLong())
                .isEqualTo(1);
    }

    @Test
    void aDeleteIsAcceptedWithTheVersionItDeleted() throws Exception {
        String thing = thingName();
        request(thing, "lamp", "update", "{\"state\":{\"reported\":{\"on\":true}}}");
        request(thing, "lamp", "delete", "{\"clientToken\":\"gone\"}");

        JsonNode deleted = answer(thing, "lamp", "/delete/accepted");
        assertThat(deleted.get("version").asLong()).isEqualTo(1);
        assertThat(deleted.get("clientToken").asText()).isEqualTo("gone");
        given().get("/things/" + thing + "/shadow?name=lamp").then().statusCode(404);
    }

    @Test
    void requestsInARowAboutOneShadowSeeEachOthersVersions() throws Exception {
        String thing = thingName();
        String other = thingName();
        request(thing, "fan", "update", "{\"state\":{\"reported\":{\"speed\":1}},\"clientToken\":\"v1\"}");
        request(other, "fan", "update", "{\"state\":{\"reported\":{\"speed\":9}},\"clientToken\":\"o1\"}");
        request(
                thing,
                "fan",
                "update",
                "{\"state\":{\"reported\":{\"speed\":2}},\"version\":1,\"clientToken\":\"v2\"}");
        request(
                thing,
                "fan",
                "update",
                "{\"state\":{\"reported\":{\"speed\":3}},\"version\":1,\"clientToken\":\"stale\"}");
        request(thing, "fan", "delete", "{\"clientToken\":\"gone\"}");
        request(thing, "fan", "get", "{\"clientToken\":\"after-delete\"}");
        request(thing, "fan", "update", "{\"state\":{\"reported\":{\"speed\":4}},\"clientToken\":\"again\"}");
        request(thing, "fan", "get", "{\"clientToken\":\"last\"}");

        assertThat(answer(thing, "fan", "/update/accepted", "v1").get("version").asLong())
                .isEqualTo(1);
        assertThat(answer(thing, "fan", "/update/accepted", "v2").get("version").asLong())
                .isEqualTo(2);
        assertThat(answer(thing, "fan", "/update/rejected", "stale").get("code").asInt())
                .isEqualTo(409);
        assertThat(answer(thing, "fan", "/delete/accepted", "gone")
                        .get("version")
                        .asLong())
                .isEqualTo(2);
        assertThat(answer(thing, "fan", "/get/rejected", "after-delete")
                        .get("code")
                        .asInt())
                .isEqualTo(404);
        // re-created within 48 hours: the numbering continues from the deleted version (docs/aws-behaviour.md §4)
        assertThat(answer(thing, "fan", "/update/accepted", "again")
                        .get("version")
                        .asLong())
                .isEqualTo(3);
        JsonNode last = answer(thing, "fan", "/get/accepted", "last");
        assertThat(last.get("version").asLong()).isEqualTo(3);
        assertThat(last.get("state").get("reported").get("speed").asInt()).isEqualTo(4);
        given().get("/things/" + thing + "/shadow?name=fan")
                .then()
                .statusCode(200)
                .body("version", equalTo(3))
                .body("state.reported.speed", equalTo(4));
        given().get("/things/" + other + "/shadow?name=fan")
                .then()
                .statusCode(200)
                .body("version", equalTo(1))
                .body("state.reported.speed", equalTo(9));
    }

    @Test
    void anUpdateOverHttpIsAnnouncedToDevicesToo() throws Exception {
        String thing = thingName();
        given().body("{\"state\":{\"desired\":{\"speed\":3}}}")
                .post("/things/" + thing + "/shadow")
                .then()
                .statusCode(200);

        assertThat(answer(thing, null, "/update/accepted")
                        .get("state")
                        .get("desired")
                        .get("speed")
                        .asInt())
                .isEqualTo(3);
        assertThat(answer(thing, null, "/update/delta")
                        .get("state")
                        .get("speed")
                        .asInt())
                .isEqualTo(3);
        assertThat(answer(thing, null, "/update/documents")
                        .get("current")
                        .get("version")
                        .asLong())
                .isEqualTo(1);
    }

    @Test
    void aRequestThatFailsForAReasonOfItsOwnIsAnsweredInternalErrorAndTheRequestsBehindItApplied() throws Exception {
        String thing = thingName();
        request(thing, null, "update", "{\"state\":{\"reported\":{\"n\":1}}}");
        answer(thing, null, "/update/accepted");
        // a stored document that no longer reads: every try of a request about it fails the same way
        pool.preparedQuery("UPDATE shadow SET document = '[]' WHERE thing_name = $1 AND shadow_name = ''")
                .execute(Tuple.of(thing))
                .await()
                .atMost(Duration.ofSeconds(30));

        request(thing, null, "get", "{\"clientToken\":\"poisoned\"}");
        request(thing, "other", "update", "{\"state\":{\"reported\":{\"n\":2}}}");

        assertThat(answer(thing, "other", "/update/accepted").get("version").asLong())
                .isEqualTo(1);
        JsonNode rejected = answer(thing, null, "/get/rejected");
        assertThat(rejected.get("code").asInt()).isEqualTo(500);
        assertThat(rejected.get("message").asText()).isEqualTo("Internal service failure");
        assertThat(rejected.get("clientToken").asText()).isEqualTo("poisoned");
    }

    private static void request(String thing, String shadowName, String operation, String payload) {
        request(thing, shadowName, operation, payload, UUID.randomUUID().toString());
    }

    private static void request(String thing, String shadowName, String operation, String payload, String messageId) {
        publish(thing, ShadowEvents.topicPrefix(thing, shadowName) + "/" + operation, payload, messageId);
    }

    /** As the device gateway forwards a device's publish. */
    private static void publish(String thing, String mqttTopic, String payload, String messageId) {
        KafkaTopicWriter.publish(
                DeviceMessages.INBOUND_TOPIC,
                thing,
                payload.getBytes(StandardCharsets.UTF_8),
                Map.of(
                        Event.MQTT_TOPIC_HEADER, mqttTopic,
                        DeviceMessages.CLIENT_ID_HEADER, thing,
                        DeviceMessages.CERTIFICATE_ID_HEADER, "0".repeat(64),
                        DeviceMessages.MESSAGE_ID_HEADER, messageId,
                        DeviceMessages.RECEIVED_AT_HEADER, Long.toString(System.currentTimeMillis())));
    }
}

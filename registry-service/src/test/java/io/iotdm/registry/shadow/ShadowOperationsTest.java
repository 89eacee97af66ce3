package io.iotdm.registry.shadow;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.iotdm.events.Event;
import io.iotdm.registry.RegistryTestResource;
import io.iotdm.testing.KafkaTopicReader;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** iot-data's shadow operations over HTTP, on real PostgreSQL and Kafka. */
@QuarkusTest
@RegistryTestResource
class ShadowOperationsTest {

    private static final JsonMapper JSON = new JsonMapper();

    @Test
    void updateThenGetShowsTheDeltaAndTheDocumentsGoToKafka() throws Exception {
        String thing = unique();
        update(
                        thing,
                        null,
                        "{\"state\":{\"desired\":{\"color\":\"red\"},\"reported\":{\"color\":\"blue\"}},"
                                + "\"clientToken\":\"t1\"}")
                .statusCode(200)
                .body("state.desired.color", equalTo("red"))
                .body("metadata.desired.color.timestamp", notNullValue())
                .body("version", equalTo(1))
                .body("clientToken", equalTo("t1"));

        given().get("/things/" + thing + "/shadow")
                .then()
                .statusCode(200)
                .body("state.delta.color", equalTo("red"))
                .body("state.reported.color", equalTo("blue"))
                .body("version", equalTo(1));

        ConsumerRecord<String, String> documents = KafkaTopicReader.await(
                        "aws.things.shadow", record -> record.key().equals(thing), 1)
                .get(0);
        JsonNode payload = JSON.readTree(documents.value());
        assertThat(payload.get("current")
                        .get("state")
                        .get("desired")
                        .get("color")
                        .asText())
                .isEqualTo("red");
        assertThat(payload.get("previous").isNull()).isTrue();
        assertThat(KafkaTopicReader.header(documents, Event.MQTT_TOPIC_HEADER))
                .isEqualTo("$aws/things/" + thing + "/shadow/update/documents");
    }

    @Test
    void aStaleVersionConflictsAndNullDeletesAField() {
        String thing = unique();
        update(thing, null, "{\"state\":{\"reported\":{\"a\":1,\"b\":2}}}").statusCode(200);
        update(thing, null, "{\"state\":{\"reported\":{\"a\":null}},\"version\":1}")
                .statusCode(200)
                .body("version", equalTo(2));
        update(thing, null, "{\"state\":{\"reported\":{\"b\":3}},\"version\":1}")
                .statusCode(409)
                .header("x-amzn-ErrorType", "ConflictException")
                .body("message", equalTo("Version conflict"));
        given().get("/things/" + thing + "/shadow")
                .then()
                .body("state.reported.a", nullValue())
                .body("state.reported.b", equalTo(2));
    }

    @Test
    void namedShadowsAreListedAndDeletedOnesAreGoneButKeepTheirNumbering() {
        String thing = unique();
        update(thing, "beta", "{\"state\":{\"reported\":{\"x\":1}}}").statusCode(200);
        update(thing, "alpha", "{\"state\":{\"reported\":{\"x\":1}}}").statusCode(200);
        update(thing, "alpha", "{\"state\":{\"reported\":{\"x\":2}}}").statusCode(200);
        given().get("/api/things/shadow/ListNamedShadowsForThing/" + thing)
                .then()
                .statusCode(200)
                .body("results", contains("alpha", "beta"))
                .body("timestamp", notNullValue());

        given().delete("/things/" + thing + "/shadow?name=alpha")
                .then()
                .statusCode(200)
                .body("version", equalTo(2));
        given().get("/things/" + thing + "/shadow?name=alpha")
                .then()
                .statusCode(404)
                .header("x-amzn-ErrorType", "ResourceNotFoundException")
                .body("message", equalTo("No shadow exists with name: 'alpha'"));
        given().get("/api/things/shadow/ListNamedShadowsForThing/" + thing + "?pageSize=1")
                .then()
                .body("results", contains("beta"))
                .body("nextToken", nullValue());
        update(thing, "alpha", "{\"state\":{\"reported\":{\"x\":3}}}").body("version", equalTo(3));
        List<ConsumerRecord<String, String>> events = KafkaTopicReader.await(
                "aws.things.shadow",
                record -> record.key().equals(thing)
                        && KafkaTopicReader.header(record, Event.MQTT_TOPIC_HEADER)
                                .endsWith("/delete/accepted"),
                1);
        assertThat(KafkaTopicReader.header(events.get(0), Event.MQTT_TOPIC_HEADER))
                .isEqualTo("$aws/things/" + thing + "/shadow/name/alpha/delete/accepted");
    }

    @Test
    void rejectedDocumentsGetIotDataErrors() {
        String thing = unique();
        update(thing, null, "{not json")
                .statusCode(400)
                .header("x-amzn-ErrorType", "InvalidRequestException")
                .body("message", equalTo("Invalid JSON"));
        update(thing, null, "{\"state\":{\"reported\":{\"big\":\"" + "x".repeat(9000) + "\"}}}")
                .statusCode(413)
                .header("x-amzn-ErrorType", "RequestEntityTooLargeException");
        given().get("/things/" + thing + "/shadow")
                .then()
                .statusCode(404)
                .header("x-amzn-ErrorType", "ResourceNotFoundException");
        given().delete("/things/" + thing + "/shadow").then().statusCode(404);
        given().get("/things/" + thing + "/shadow?name=bad%20name")
                .then()
                .statusCode(400)
                .header("x-amzn-ErrorType", "InvalidRequestException");
    }

    private static ValidatableResponse update(String thing, String shadowName, String body) {
        return given().body(body)
                .post("/things/" + thing + "/shadow" + (shadowName == null ? "" : "?name=" + shadowName))
                .then();
    }

    private static String unique() {
        return "shadow-" + UUID.randomUUID().toString().substring(0, 8);
    }
}

package io.iotdm.registry.thing;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.agroal.api.AgroalDataSource;
import io.iotdm.events.Event;
import io.iotdm.registry.RegistryTestResource;
import io.iotdm.testing.KafkaTopicReader;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** Things over the service's AWS REST-JSON interface, on real PostgreSQL and Kafka. */
@QuarkusTest
@RegistryTestResource
class ThingOperationsTest {

    private static final JsonMapper JSON = new JsonMapper();

    private static final String REVISION = "iotdm-registry-revision";

    @Inject
    AgroalDataSource dataSource;

    @Test
    void createDescribeAndTheCreatedEvent() throws Exception {
        String name = unique("sensor");
        String thingId = create(name, "{\"attributePayload\":{\"attributes\":{\"fw\":\"1.0\"}}}")
                .statusCode(200)
                .body("thingName", equalTo(name))
                .body("thingArn", equalTo("arn:aws:iot:us-east-1:123456789012:thing/" + name))
                .extract()
                .path("thingId");

        given().get("/things/" + name)
                .then()
                .statusCode(200)
                .body("thingName", equalTo(name))
                .body("defaultClientId", equalTo(name))
                .body("thingId", equalTo(thingId))
                .body("attributes.fw", equalTo("1.0"))
                .body("version", equalTo(1))
                .body("thingTypeName", nullValue());

        ConsumerRecord<String, String> created = KafkaTopicReader.await(
                        "aws.events.thing", record -> record.key().equals(name), 1)
                .get(0);
        JsonNode payload = JSON.readTree(created.value());
        assertThat(payload.get("eventType").asText()).isEqualTo("THING_EVENT");
        assertThat(payload.get("operation").asText()).isEqualTo("CREATED");
        assertThat(payload.get("thingId").asText()).isEqualTo(thingId);
        assertThat(payload.get("versionNumber").asLong()).isEqualTo(1);
        assertThat(payload.get("attributes").get("fw").asText()).isEqualTo("1.0");
        assertThat(KafkaTopicReader.header(created, Event.MQTT_TOPIC_HEADER))
                .isEqualTo("$aws/events/thing/" + name + "/created");
        assertThat(KafkaTopicReader.header(created, Event.EVENT_ID_HEADER))
                .isEqualTo(payload.get("eventId").asText());
    }

    @Test
    void creatingAgainWithTheSameConfigurationAnswersTheSameThingAndElseConflicts() {
        String name = unique("idem");
        String body = "{\"attributePayload\":{\"attributes\":{\"a\":\"1\"}}}";
        String thingId = create(name, body).statusCode(200).extract().path("thingId");
        create(name, body).statusCode(200).body("thingId", equalTo(thingId));
        create(name, "{\"attributePayload\":{\"attributes\":{\"a\":\"2\"}}}")
                .statusCode(409)
                .header("x-amzn-ErrorType", "ResourceAlreadyExistsException")
                .body("resourceId", equalTo(thingId))
                .body("resourceArn", equalTo("arn:aws:iot:us-east-1:123456789012:thing/" + name));
    }

    @Test
    void updateReplacesOrMergesAttributesAndChecksTheExpectedVersion() {
        String name = unique("upd");
        create(name, "{\"attributePayload\":{\"attributes\":{\"a\":\"1\",\"b\":\"2\"}}}")
                .statusCode(200);

        update(name, "{\"attributePayload\":{\"attributes\":{\"b\":\"\",\"c\":\"3\"},\"merge\":true}}")
                .statusCode(200);
        given().get("/things/" + name)
                .then()
                .body("attributes.a", equalTo("1"))
                .body("attributes.b", nullValue())
                .body("attributes.c", equalTo("3"))
                .body("version", equalTo(2));

        update(name, "{\"attributePayload\":{\"attributes\":{\"z\":\"9\"}},\"expectedVersion\":2}")
                .statusCode(200);
        given().get("/things/" + name)
                .then()
                .body("attributes.size()", equalTo(1))
                .body("attributes.z", equalTo("9"))
                .body("version", equalTo(3));

        update(name, "{\"attributePayload\":{\"attributes\":{\"y\":\"1\"}},\"expectedVersion\":2}")
                .statusCode(409)
                .header("x-amzn-ErrorType", "VersionConflictException")
                .body("message", equalTo("The version for thing " + name + " does not match the expected version."));
    }

    @Test
    void updatesAndDeletionPublishTheirEventsInOrder() throws Exception {
        String name = unique("events");
        create(name, "{}").statusCode(200);
        update(name, "{\"attributePayload\":{\"attributes\":{\"k\":\"v\"}}}").statusCode(200);
        given().delete("/things/" + name).then().statusCode(200);

        List<ConsumerRecord<String, String>> records = KafkaTopicReader.await(
                "aws.events.thing", record -> record.key().equals(name), 3);
        List<String> operations = records.stream()
                .map(record -> read(record.value()).get("operation").asText())
                .toList();
        assertThat(operations).containsExactly("CREATED", "UPDATED", "DELETED");
        assertThat(read(records.get(1).value()).get("versionNumber").asLong()).isEqualTo(2);
        List<Long> revisions = records.stream()
                .map(record -> Long.parseLong(KafkaTopicReader.header(record, Event.RESOURCE_VERSION_HEADER)))
                .toList();
        assertThat(revisions).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void thingWritesAnswerTheRegistryRevisionOfTheirEvents() {
        String name = unique("revision");
        String created = create(name, "{}").statusCode(200).extract().header(REVISION);
        String repeated = create(name, "{}").statusCode(200).extract().header(REVISION);
        String updated = update(name, "{\"attributePayload\":{\"attributes\":{\"k\":\"v\"}}}")
                .statusCode(200)
                .extract()
                .header(REVISION);
        String deleted = given().delete("/things/" + name)
                .then()
                .statusCode(200)
                .extract()
                .header(REVISION);

        List<String> eventRevisions =
                KafkaTopicReader.await(
                                "aws.events.thing", record -> record.key().equals(name), 3)
                        .stream()
                        .map(record -> KafkaTopicReader.header(record, Event.RESOURCE_VERSION_HEADER))
                        .toList();
        assertThat(List.of(created, updated, deleted)).containsExactlyElementsOf(eventRevisions);
        // a repeated create writes nothing: it answers the revision the thing stands at
        assertThat(repeated).isEqualTo(created);
        // neither does deleting a thing that is not there
        given().delete("/things/" + name).then().statusCode(200).header(REVISION, nullValue());
    }

    @Test
    void attributeLimitsDependOnTheThingType() {
        create(
                        unique("four"),
                        "{\"attributePayload\":{\"attributes\":{\"a\":\"1\",\"b\":\"1\",\"c\":\"1\",\"d\":\"1\"}}}")
                .statusCode(400)
                .header("x-amzn-ErrorType", "InvalidRequestException");
        String type = unique("type");
        given().contentType(ContentType.JSON)
                .body("{}")
                .post("/thing-types/" + type)
                .then()
                .statusCode(200);
        create(
                        unique("typed"),
                        "{\"thingTypeName\":\"" + type + "\",\"attributePayload\":{\"attributes\":"
                                + "{\"a\":\"1\",\"b\":\"1\",\"c\":\"1\",\"d\":\"1\"}}}")
                .statusCode(200);
    }

    @Test
    void deletingAMissingThingSucceedsAndAStaleVersionIsRefused() {
        given().delete("/things/" + unique("never")).then().statusCode(200);
        String name = unique("del");
        create(name, "{}").statusCode(200);
        given().delete("/things/" + name + "?expectedVersion=5")
                .then()
                .statusCode(409)
                .header("x-amzn-ErrorType", "VersionConflictException");
        given().delete("/things/" + name + "?expectedVersion=1").then().statusCode(200);
        given().get("/things/" + name).then().statusCode(404).header("x-amzn-ErrorType", "ResourceNotFoundException");
    }

    @Test
    void aThingDeletedBetweenARepeatedCreateAndItsReadIsNotFound() throws Exception {
        String name = unique("vanishing");
        create(name, "{}").statusCode(200);
        // a statement trigger runs after the INSERT's conflict check and before the service reads the existing thing,
        // in the service's own transaction: the deletion lands exactly between the two
        try (Connection connection = dataSource.getConnection();
                Statement sql = connection.createStatement()) {
            sql.execute(
                    """
                    CREATE FUNCTION test_delete_vanishing() RETURNS trigger LANGUAGE plpgsql AS $$
                    BEGIN
                        DELETE FROM thing WHERE name = '%s';
                        RETURN NULL;
                    END $$"""
                            .formatted(name));
            sql.execute(
                    """
                    CREATE TRIGGER test_delete_vanishing AFTER INSERT ON thing
                    FOR EACH STATEMENT EXECUTE FUNCTION test_delete_vanishing()""");
            try {
                create(name, "{}")
                        .statusCode(404)
                        .header("x-amzn-ErrorType", "ResourceNotFoundException")
                        .body("message", equalTo("Thing " + name + " does not exist"));
            } finally {
                sql.execute("DROP TRIGGER test_delete_vanishing ON thing");
                sql.execute("DROP FUNCTION test_delete_vanishing()");
            }
        }
    }

    @Test
    void listingFiltersAndPagesWithTamperProofTokens() {
        String prefix = unique("list");
        for (int i = 0; i < 5; i++) {
            create(prefix + "-" + i, "{\"attributePayload\":{\"attributes\":{\"batch\":\"" + prefix + "\"}}}")
                    .statusCode(200);
        }
        String token = given().get("/things?attributeName=batch&attributeValue=" + prefix + "&maxResults=3")
                .then()
                .statusCode(200)
                .body("things", hasSize(3))
                .body("things[0].thingName", equalTo(prefix + "-0"))
                .body("things[0].thingArn", notNullValue())
                .body("things[0].version", equalTo(1))
                .body("nextToken", notNullValue())
                .extract()
                .path("nextToken");
        given().get("/things?attributeName=batch&attributeValue=" + prefix + "&maxResults=3&nextToken=" + token)
                .then()
                .statusCode(200)
                .body("things", hasSize(2))
                .body("things[1].thingName", equalTo(prefix + "-4"))
                .body("nextToken", nullValue());
        // the same token with another filter is not accepted
        given().get("/things?attributeName=batch&attributeValue=other&nextToken=" + token)
                .then()
                .statusCode(400)
                .header("x-amzn-ErrorType", "InvalidRequestException");
        given().get("/things?attributeName=batch&attributeValue=" + prefix.substring(0, prefix.length() - 2)
                        + "&usePrefixAttributeValue=true")
                .then()
                .statusCode(200)
                .body("things.size()", equalTo(5));
        given().get("/things?attributeName=batch&attributeValue=x&thingTypeName=t")
                .then()
                .statusCode(400)
                .body(
                        "message",
                        equalTo("Listing things by the combination of attribute and thing type is not supported"));
    }

    @Test
    void theQueryIsDecodedAsSigV4SignsItAndBytesThatAreNotUtf8AreRefused() {
        // '+' is a plus sign, as the gateway's signature check reads it; an HTML form decoder would read a space
        given().urlEncodingEnabled(false)
                .get("/things?attributeName=a+b%20c")
                .then()
                .statusCode(400)
                .header("x-amzn-ErrorType", "InvalidRequestException")
                .body(
                        "message",
                        equalTo("1 validation error detected: Value 'a+b c' at 'attributeName' failed to satisfy"
                                + " constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.,@/:#-]+"));
        given().urlEncodingEnabled(false)
                .get("/things?attributeName=%C3%28")
                .then()
                .statusCode(400)
                .header("x-amzn-ErrorType", "InvalidRequestException")
                .body("message", equalTo("The request URI contains invalid percent-encoding or UTF-8: '%C3%28'"));
        given().urlEncodingEnabled(false)
                .get("/things/lamp%FF")
                .then()
                .statusCode(400)
                .header("x-amzn-ErrorType", "InvalidRequestException")
                .body("message", equalTo("The request URI contains invalid percent-encoding or UTF-8: 'lamp%FF'"));
    }

    @Test
    void badInputGetsAwsErrorsNeverA500() {
        given().urlEncodingEnabled(false)
                .contentType(ContentType.JSON)
                .body("{}")
                .post("/things/a%20b")
                .then()
                .statusCode(400)
                .header("x-amzn-ErrorType", "InvalidRequestException")
                .header("x-amzn-RequestId", notNullValue())
                .body(
                        "message",
                        equalTo("1 validation error detected: Value 'a b' at 'thingName' failed to satisfy"
                                + " constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9:_-]+"));
        given().contentType(ContentType.JSON)
                .body("{not json")
                .post("/things/" + unique("bad"))
                .then()
                .statusCode(400)
                .header("x-amzn-ErrorType", "SerializationException");
        given().contentType(ContentType.JSON)
                .body("{\"expectedVersion\":\"x\"}")
                .patch("/things/" + unique("bad"))
                .then()
                .statusCode(400)
                .header("x-amzn-ErrorType", "SerializationException");
        given().get("/no-such-path")
                .then()
                .statusCode(404)
                .header("x-amzn-ErrorType", "ResourceNotFoundException")
                .body("message", equalTo("Not Found"));
    }

    static ValidatableResponse create(String name, String body) {
        return given().contentType(ContentType.JSON)
                .body(body)
                .post("/things/" + name)
                .then();
    }

    static ValidatableResponse update(String name, String body) {
        return given().contentType(ContentType.JSON)
                .body(body)
                .patch("/things/" + name)
                .then();
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}

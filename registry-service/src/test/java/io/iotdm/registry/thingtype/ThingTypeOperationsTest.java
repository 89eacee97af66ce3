package io.iotdm.registry.thingtype;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import com.fasterxml.jackson.databind.json.JsonMapper;
import io.iotdm.registry.RegistryTestResource;
import io.iotdm.testing.KafkaTopicReader;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Thing types and tags over the service's AWS interface, with a deletion delay short enough to wait for. */
@QuarkusTest
@RegistryTestResource
@TestProfile(ThingTypeOperationsTest.ShortDeleteDelay.class)
class ThingTypeOperationsTest {

    private static final JsonMapper JSON = new JsonMapper();

    /** AWS waits 5 minutes after deprecation before a type may be deleted; the delay is configurable. */
    public static class ShortDeleteDelay implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("iotdm.registry.thing-type-delete-delay", "1s");
        }
    }

    @Test
    void aTypeIsDeletedOnlyDeprecatedLongEnoughAndUnused() throws Exception {
        String type = unique("Meter");
        create(
                        type,
                        "{\"thingTypeProperties\":{\"thingTypeDescription\":\"meters\",\"searchableAttributes\":[\"fw\"]}}")
                .statusCode(200)
                .body("thingTypeArn", equalTo("arn:aws:iot:us-east-1:123456789012:thingtype/" + type))
                .body("thingTypeId", notNullValue());
        given().delete("/thing-types/" + type)
                .then()
                .statusCode(400)
                .body("message", equalTo("Thing type " + type + " must be deprecated before it can be deleted"));

        String thing = unique("meter");
        given().contentType(ContentType.JSON)
                .body("{\"thingTypeName\":\"" + type + "\"}")
                .post("/things/" + thing)
                .then()
                .statusCode(200);
        given().contentType(ContentType.JSON)
                .body("{}")
                .post("/thing-types/" + type + "/deprecate")
                .then()
                .statusCode(200);
        given().get("/thing-types/" + type)
                .then()
                .body("thingTypeMetadata.deprecated", equalTo(true))
                .body("thingTypeMetadata.deprecationDate", notNullValue());
        given().delete("/thing-types/" + type).then().statusCode(400);

        Thread.sleep(1200); // past the configured delay
        given().delete("/thing-types/" + type)
                .then()
                .statusCode(400)
                .body(
                        "message",
                        equalTo("Thing type " + type + " cannot be deleted while things are associated with it"));
        given().delete("/things/" + thing).then().statusCode(200);
        given().delete("/thing-types/" + type).then().statusCode(200);
        given().get("/thing-types/" + type)
                .then()
                .statusCode(404)
                .header("x-amzn-ErrorType", "ResourceNotFoundException");

        List<String> operations =
                KafkaTopicReader.await(
                                "aws.events.thingType", record -> record.key().equals(type), 3)
                        .stream()
                        .map(record -> read(record.value()).get("operation"))
                        .toList();
        assertThat(operations).containsExactly("CREATED", "UPDATED", "DELETED");
        List<String> associations =
                KafkaTopicReader.await(
                                "aws.events.thingTypeAssociation",
                                record -> record.key().equals(thing),
                                2)
                        .stream()
                        .map(record -> read(record.value()).get("operation"))
                        .toList();
        assertThat(associations).containsExactly("ADDED", "REMOVED");
    }

    @Test
    void undeprecatingClearsTheDateAndAllowsNewThingsAgain() {
        String type = unique("Lamp");
        create(type, "{}").statusCode(200);
        given().contentType(ContentType.JSON)
                .body("{}")
                .post("/thing-types/" + type + "/deprecate")
                .then()
                .statusCode(200);
        given().contentType(ContentType.JSON)
                .body("{\"thingTypeName\":\"" + type + "\"}")
                .post("/things/" + unique("lamp"))
                .then()
                .statusCode(400)
                .header("x-amzn-ErrorType", "InvalidRequestException");
        given().contentType(ContentType.JSON)
                .body("{\"undoDeprecate\":true}")
                .post("/thing-types/" + type + "/deprecate")
                .then()
                .statusCode(200);
        given().get("/thing-types/" + type)
                .then()
                .body("thingTypeMetadata.deprecated", equalTo(false))
                .body("thingTypeMetadata.deprecationDate", nullValue());
        given().contentType(ContentType.JSON)
                .body("{\"thingTypeName\":\"" + type + "\"}")
                .post("/things/" + unique("lamp"))
                .then()
                .statusCode(200);
    }

    @Test
    void onlyTheMqtt5ConfigurationMayChangeAndCreateIsIdempotent() {
        String type = unique("Gw");
        String body = "{\"thingTypeProperties\":{\"thingTypeDescription\":\"gateways\"}}";
        String id = create(type, body).statusCode(200).extract().path("thingTypeId");
        create(type, body).statusCode(200).body("thingTypeId", equalTo(id));
        create(type, "{\"thingTypeProperties\":{\"thingTypeDescription\":\"other\"}}")
                .statusCode(409)
                .header("x-amzn-ErrorType", "ResourceAlreadyExistsException")
                .body("resourceId", equalTo(id));

        given().contentType(ContentType.JSON)
                .body("{\"thingTypeProperties\":{\"thingTypeDescription\":\"changed\"}}")
                .patch("/thing-types/" + type)
                .then()
                .statusCode(400)
                .body("message", equalTo("Can only update mqtt5Configuration."));
        given().contentType(ContentType.JSON)
                .body("{\"thingTypeProperties\":{\"mqtt5Configuration\":{\"propagatingAttributes\":"
                        + "[{\"userPropertyKey\":\"fw\",\"thingAttribute\":\"fw\"}]}}}")
                .patch("/thing-types/" + type)
                .then()
                .statusCode(200);
        given().get("/thing-types/" + type)
                .then()
                .body("thingTypeProperties.thingTypeDescription", equalTo("gateways"))
                .body("thingTypeProperties.mqtt5Configuration.propagatingAttributes[0].userPropertyKey", equalTo("fw"));
    }

    @Test
    void listingFiltersByNameAndPages() {
        String type = unique("Listed");
        create(type, "{}").statusCode(200);
        given().get("/thing-types?thingTypeName=" + type)
                .then()
                .statusCode(200)
                .body("thingTypes", hasSize(1))
                .body("thingTypes[0].thingTypeName", equalTo(type))
                .body("thingTypes[0].thingTypeMetadata.creationDate", notNullValue());
        create(unique("Listed"), "{}").statusCode(200);
        String token = given().get("/thing-types?maxResults=1")
                .then()
                .body("thingTypes", hasSize(1))
                .extract()
                .path("nextToken");
        given().get("/thing-types?maxResults=1&nextToken=" + token)
                .then()
                .statusCode(200)
                .body("thingTypes", hasSize(1));
        given().get("/thing-types?maxResults=1&nextToken=" + token + "x")
                .then()
                .statusCode(400)
                .header("x-amzn-ErrorType", "InvalidRequestException");
    }

    @Test
    void tagsOfThingsAndTypes() {
        String type = unique("Tagged");
        create(type, "{\"tags\":[{\"Key\":\"team\",\"Value\":\"a\"}]}").statusCode(200);
        String arn = "arn:aws:iot:us-east-1:123456789012:thingtype/" + type;
        given().contentType(ContentType.JSON)
                .body("{\"resourceArn\":\"" + arn
                        + "\",\"tags\":[{\"Key\":\"team\",\"Value\":\"b\"},{\"Key\":\"env\",\"Value\":\"prod\"}]}")
                .post("/tags")
                .then()
                .statusCode(200);
        given().queryParam("resourceArn", arn)
                .get("/tags")
                .then()
                .statusCode(200)
                .body("tags.Key", contains("env", "team"))
                .body("tags.Value", contains("prod", "b"));
        given().contentType(ContentType.JSON)
                .body("{\"resourceArn\":\"" + arn + "\",\"tagKeys\":[\"env\"]}")
                .post("/untag")
                .then()
                .statusCode(200);
        given().queryParam("resourceArn", arn).get("/tags").then().body("tags.Key", contains("team"));

        given().queryParam("resourceArn", "arn:aws:iot:us-east-1:123456789012:thing/" + unique("none"))
                .get("/tags")
                .then()
                .statusCode(404)
                .header("x-amzn-ErrorType", "ResourceNotFoundException");
        given().queryParam("resourceArn", "arn:aws:iot:us-east-1:123456789012:thinggroup/g")
                .get("/tags")
                .then()
                .statusCode(400)
                .header("x-amzn-ErrorType", "InvalidRequestException");
    }

    private static ValidatableResponse create(String type, String body) {
        return given().contentType(ContentType.JSON)
                .body(body)
                .post("/thing-types/" + type)
                .then();
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static Map<String, String> read(String json) {
        try {
            Map<String, String> fields = new java.util.HashMap<>();
            JSON.readTree(json)
                    .properties()
                    .forEach(
                            entry -> fields.put(entry.getKey(), entry.getValue().asText()));
            return fields;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}

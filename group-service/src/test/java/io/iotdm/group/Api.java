package io.iotdm.group;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.iotdm.testing.KafkaTopicReader;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** The group operations as a client calls them over REST-JSON, for the tests. */
public final class Api {

    private static final JsonMapper JSON = new JsonMapper();

    private Api() {}

    public static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public static ValidatableResponse createGroup(String name, String body) {
        return given().contentType(ContentType.JSON)
                .body(body)
                .post("/thing-groups/" + name)
                .then();
    }

    public static ValidatableResponse createGroup(String name) {
        return createGroup(name, "{}");
    }

    public static ValidatableResponse createChild(String name, String parent) {
        return createGroup(name, "{\"parentGroupName\":\"" + parent + "\"}");
    }

    public static ValidatableResponse updateGroup(String name, String body) {
        return given().contentType(ContentType.JSON)
                .body(body)
                .patch("/thing-groups/" + name)
                .then();
    }

    public static ValidatableResponse describeGroup(String name) {
        return given().get("/thing-groups/" + name).then();
    }

    public static ValidatableResponse deleteGroup(String name) {
        return given().delete("/thing-groups/" + name).then();
    }

    public static ValidatableResponse add(String thing, String group) {
        return put("addThingToThingGroup", "{\"thingName\":\"" + thing + "\",\"thingGroupName\":\"" + group + "\"}");
    }

    public static ValidatableResponse remove(String thing, String group) {
        return put(
                "removeThingFromThingGroup", "{\"thingName\":\"" + thing + "\",\"thingGroupName\":\"" + group + "\"}");
    }

    public static ValidatableResponse put(String operationPath, String body) {
        return given().contentType(ContentType.JSON)
                .body(body)
                .put("/thing-groups/" + operationPath)
                .then();
    }

    /** The group's THING_GROUP event of its deletion, once it is on Kafka. */
    public static ConsumerRecord<String, String> groupDeleted(String group) {
        return KafkaTopicReader.await(
                        "aws.events.thingGroup",
                        record -> record.key().equals(group)
                                && read(record.value())
                                        .get("operation")
                                        .asText()
                                        .equals("DELETED"),
                        1)
                .getFirst();
    }

    public static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package io.iotdm.group;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.iotdm.events.DynamicGroupMessages;
import io.iotdm.events.DynamicGroupMessages.Decision;
import io.iotdm.events.DynamicGroupMessages.Definition;
import io.iotdm.events.DynamicGroupMessages.DocumentVersion;
import io.iotdm.events.DynamicGroupMessages.Verdict;
import io.iotdm.testing.KafkaTopicReader;
import io.iotdm.testing.KafkaTopicWriter;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** Dynamic thing groups as a client and the indexing-service drive them, for the tests. */
public final class Dynamic {

    private Dynamic() {}

    public static ValidatableResponse createDynamic(String name, String body) {
        return given().contentType(ContentType.JSON)
                .body(body)
                .post("/dynamic-thing-groups/" + name)
                .then();
    }

    public static ValidatableResponse createDynamicWithQuery(String name, String query) {
        return createDynamic(name, "{\"queryString\":\"" + query + "\"}");
    }

    public static ValidatableResponse updateDynamic(String name, String body) {
        return given().contentType(ContentType.JSON)
                .body(body)
                .patch("/dynamic-thing-groups/" + name)
                .then();
    }

    public static ValidatableResponse deleteDynamic(String name) {
        return given().delete("/dynamic-thing-groups/" + name).then();
    }

    /** The group's definitions published so far (at least {@code count}), oldest first. */
    public static List<Definition> definitions(String group, int count) {
        return KafkaTopicReader.await(
                        DynamicGroupMessages.DEFINITIONS_TOPIC,
                        record -> record.key().equals(group),
                        count)
                .stream()
                .map(record -> Definition.parse(record.value().getBytes(StandardCharsets.UTF_8)))
                .sorted(Comparator.comparingLong(Definition::revision))
                .toList();
    }

    /** The query revision of the group's {@code count}-th definition. */
    public static long revision(String group, int count) {
        return definitions(group, count).get(count - 1).revision();
    }

    public static Decision decision(String thing, String thingId, long seqNo, Map<String, Verdict> groups) {
        return new Decision(thing, thingId, new DocumentVersion(1, 1, seqNo), false, groups);
    }

    public static void publish(Decision decision) {
        KafkaTopicWriter.publish(
                DynamicGroupMessages.MEMBERSHIP_TOPIC, decision.thingName(), decision.toBytes(), Map.of());
    }

    public static List<String> members(String group) {
        return given().get("/thing-groups/" + group + "/things?maxResults=250")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("things", String.class);
    }

    public static List<String> groupsOf(String thing) {
        return given().get("/things/" + thing + "/thing-groups?maxResults=250")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("thingGroups.groupName", String.class);
    }

    public static String status(String group) {
        return given().get("/thing-groups/" + group)
                .then()
                .statusCode(200)
                .extract()
                .path("status");
    }

    /** Waits until {@code actual} equals {@code expected} (30 s at most). */
    public static <T> void await(Supplier<T> actual, T expected) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (true) {
            T found = actual.get();
            if (found.equals(expected) || Instant.now().isAfter(deadline)) {
                assertThat(found).isEqualTo(expected);
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    public static void awaitMembers(String group, List<String> expected) {
        await(
                () -> members(group).stream().sorted().toList(),
                expected.stream().sorted().toList());
    }

    public static void awaitGroupsOf(String thing, List<String> expected) {
        await(
                () -> groupsOf(thing).stream().sorted().toList(),
                expected.stream().sorted().toList());
    }

    public static void awaitStatus(String group, String expected) {
        await(() -> status(group), expected);
    }
}

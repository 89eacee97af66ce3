package io.iotdm.group.membership;

import static io.iotdm.group.Api.add;
import static io.iotdm.group.Api.createChild;
import static io.iotdm.group.Api.createGroup;
import static io.iotdm.group.Api.deleteGroup;
import static io.iotdm.group.Api.groupDeleted;
import static io.iotdm.group.Api.put;
import static io.iotdm.group.Api.read;
import static io.iotdm.group.Api.remove;
import static io.iotdm.group.Api.unique;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import io.iotdm.events.Event;
import io.iotdm.group.GroupTestResource;
import io.iotdm.group.TestRegistry;
import io.iotdm.testing.KafkaTopicReader;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** Memberships of things in static groups over REST-JSON, with the registry's answers from {@link TestRegistry}. */
@QuarkusTest
@GroupTestResource
class MembershipOperationsTest {

    private static final String GROUP_ARN = "arn:aws:iot:us-east-1:123456789012:thinggroup/";
    private static final String THING_ARN = "arn:aws:iot:us-east-1:123456789012:thing/";

    @Inject
    TestRegistry registry;

    @Test
    void addListAndRemoveByNameOrArn() {
        String thing = thing("t");
        String group = unique("g");
        createGroup(group).statusCode(200);

        put(
                        "addThingToThingGroup",
                        "{\"thingArn\":\"" + THING_ARN + thing + "\",\"thingGroupArn\":\"" + GROUP_ARN + group + "\"}")
                .statusCode(200);
        // adding again changes nothing
        add(thing, group).statusCode(200);

        given().get("/thing-groups/" + group + "/things").then().statusCode(200).body("things", contains(thing));
        given().get("/things/" + thing + "/thing-groups")
                .then()
                .statusCode(200)
                .body("thingGroups.groupName", contains(group))
                .body("thingGroups.groupArn", contains(GROUP_ARN + group));

        put(
                        "removeThingFromThingGroup",
                        "{\"thingName\":\"" + thing + "\",\"thingGroupArn\":\"" + GROUP_ARN + group + "\"}")
                .statusCode(200);
        remove(thing, group).statusCode(200);
        given().get("/thing-groups/" + group + "/things").then().body("things", empty());
        given().get("/things/" + thing + "/thing-groups").then().statusCode(200).body("thingGroups", empty());
    }

    @Test
    void theThingAndTheGroupMustBeNamedConsistentlyAndExist() {
        String thing = thing("t");
        String group = unique("g");
        createGroup(group).statusCode(200);

        put("addThingToThingGroup", "{\"thingName\":\"" + thing + "\"}")
                .statusCode(400)
                .header("x-amzn-ErrorType", "InvalidRequestException")
                .body("message", equalTo("Either thingGroupName or thingGroupArn must be specified"));
        put("addThingToThingGroup", "{\"thingGroupName\":\"" + group + "\"}")
                .statusCode(400)
                .header("x-amzn-ErrorType", "InvalidRequestException")
                .body("message", equalTo("Either thingName or thingArn must be specified"));
        put(
                        "addThingToThingGroup",
                        "{\"thingName\":\"" + thing + "\",\"thingGroupName\":\"" + group + "\",\"thingGroupArn\":\""
                                + GROUP_ARN + "other\"}")
                .statusCode(400)
                .header("x-amzn-ErrorType", "InvalidRequestException")
                .body(
                        "message",
                        equalTo("thingGroupName " + group + " and thingGroupArn " + GROUP_ARN
                                + "other do not identify the same thing group"));
        put(
                        "addThingToThingGroup",
                        "{\"thingName\":\"other\",\"thingArn\":\"" + THING_ARN + thing + "\",\"thingGroupName\":\""
                                + group + "\"}")
                .statusCode(400)
                .header("x-amzn-ErrorType", "InvalidRequestException");
        put(
                        "addThingToThingGroup",
                        "{\"thingName\":\"" + thing + "\",\"thingGroupArn\":\"arn:aws:iot:eu-west-1:123456789012:"
                                + "thinggroup/" + group + "\"}")
                .statusCode(400)
                .header("x-amzn-ErrorType", "InvalidRequestException");

        add(unique("ghost"), group).statusCode(404).header("x-amzn-ErrorType", "ResourceNotFoundException");
        String ghost = unique("ghost");
        remove(ghost, group)
                .statusCode(404)
                .header("x-amzn-ErrorType", "ResourceNotFoundException")
                .body("message", equalTo("Thing " + ghost + " does not exist"));
        remove(thing, group).statusCode(200); // an existing thing not in the group: nothing to do
        String missingGroup = unique("nogroup");
        add(thing, missingGroup)
                .statusCode(404)
                .header("x-amzn-ErrorType", "ResourceNotFoundException")
                .body("message", equalTo("Thing group " + missingGroup + " does not exist"));
        given().get("/thing-groups/" + missingGroup + "/things")
                .then()
                .statusCode(404)
                .header("x-amzn-ErrorType", "ResourceNotFoundException");
        given().get("/things/" + unique("ghost") + "/thing-groups")
                .then()
                .statusCode(404)
                .header("x-amzn-ErrorType", "ResourceNotFoundException");
    }

    @Test
    void aThingIsInAtMostTenGroups() {
        String thing = thing("many");
        List<String> groups = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            String group = unique("g" + i);
            createGroup(group).statusCode(200);
            groups.add(group);
        }
        for (int i = 0; i < 10; i++) {
            add(thing, groups.get(i)).statusCode(200);
        }
        add(thing, groups.get(10))
                .statusCode(400)
                .header("x-amzn-ErrorType", "InvalidRequestException")
                .body("message", equalTo("Thing " + thing + " cannot be in more than 10 thing groups"));
        // after leaving one, it may join another
        remove(thing, groups.get(0)).statusCode(200);
        add(thing, groups.get(10)).statusCode(200);
    }

    @Test
    void aThingIsNeverInTwoGroupsOfOneHierarchy() {
        String thing = thing("h");
        String root = unique("root");
        String left = unique("left");
        String right = unique("right");
        String leaf = unique("leaf");
        createGroup(root).statusCode(200);
        createChild(left, root).statusCode(200);
        createChild(right, root).statusCode(200);
        createChild(leaf, left).statusCode(200);

        add(thing, leaf).statusCode(200);
        // a sibling branch shares the root, the root itself and the leaf's parent too
        for (String other : List.of(right, root, left)) {
            add(thing, other)
                    .statusCode(400)
                    .header("x-amzn-ErrorType", "InvalidRequestException")
                    .body(
                            "message",
                            equalTo("Thing " + thing + " cannot be added to thing group " + other
                                    + ": it is already in thing group " + leaf + " of the same hierarchy (root group "
                                    + root + ")"));
        }
        // another hierarchy is fine
        String elsewhere = unique("elsewhere");
        createGroup(elsewhere).statusCode(200);
        add(thing, elsewhere).statusCode(200);
    }

    @Test
    void updateThingGroupsForThingAppliesAllOrNothing() {
        String thing = thing("u");
        String a = unique("a");
        String b = unique("b");
        String bChild = unique("bchild");
        String c = unique("c");
        createGroup(a).statusCode(200);
        createGroup(b).statusCode(200);
        createChild(bChild, b).statusCode(200);
        createGroup(c).statusCode(200);
        add(thing, a).statusCode(200);
        add(thing, bChild).statusCode(200);

        // moving within a hierarchy in one call: leave b's child, join b
        put(
                        "updateThingGroupsForThing",
                        "{\"thingName\":\"" + thing + "\",\"thingGroupsToAdd\":[\"" + b + "\",\"" + c + "\"],"
                                + "\"thingGroupsToRemove\":[\"" + bChild + "\",\"" + a + "\"]}")
                .statusCode(200);
        given().get("/things/" + thing + "/thing-groups").then().body("thingGroups.groupName", containsSorted(b, c));

        // one missing group: nothing changes
        put(
                        "updateThingGroupsForThing",
                        "{\"thingName\":\"" + thing + "\",\"thingGroupsToAdd\":[\"" + a + "\",\"" + unique("none")
                                + "\"],\"thingGroupsToRemove\":[\"" + b + "\"]}")
                .statusCode(404)
                .header("x-amzn-ErrorType", "ResourceNotFoundException");
        // one rule broken: nothing changes
        put(
                        "updateThingGroupsForThing",
                        "{\"thingName\":\"" + thing + "\",\"thingGroupsToAdd\":[\"" + a + "\",\"" + bChild + "\"]}")
                .statusCode(400)
                .header("x-amzn-ErrorType", "InvalidRequestException");
        given().get("/things/" + thing + "/thing-groups").then().body("thingGroups.groupName", containsSorted(b, c));

        put(
                        "updateThingGroupsForThing",
                        "{\"thingName\":\"" + unique("ghost") + "\",\"thingGroupsToAdd\":[\"" + a + "\"]}")
                .statusCode(404)
                .header("x-amzn-ErrorType", "ResourceNotFoundException");
        put("updateThingGroupsForThing", "{\"thingGroupsToAdd\":[\"" + a + "\"]}")
                .statusCode(400)
                .header("x-amzn-ErrorType", "InvalidRequestException");
    }

    @Test
    void listsThingsRecursivelyAndInPages() {
        String root = unique("r");
        String child = unique("rc");
        createGroup(root).statusCode(200);
        createChild(child, root).statusCode(200);
        String prefix = unique("th");
        List<String> inRoot = List.of(prefix + "-1", prefix + "-3");
        List<String> inChild = List.of(prefix + "-2", prefix + "-4", prefix + "-5");
        inRoot.forEach(thing -> {
            registry.put(thing);
            add(thing, root).statusCode(200);
        });
        inChild.forEach(thing -> {
            registry.put(thing);
            add(thing, child).statusCode(200);
        });

        given().get("/thing-groups/" + root + "/things").then().body("things", contains(inRoot.toArray()));
        given().queryParam("recursive", true)
                .get("/thing-groups/" + root + "/things")
                .then()
                .body("things", contains(prefix + "-1", prefix + "-2", prefix + "-3", prefix + "-4", prefix + "-5"));

        List<String> seen = new ArrayList<>();
        String token = null;
        do {
            var request = given().queryParam("recursive", true).queryParam("maxResults", 2);
            if (token != null) {
                request.queryParam("nextToken", token);
            }
            JsonNode page = read(request.get("/thing-groups/" + root + "/things")
                    .then()
                    .statusCode(200)
                    .extract()
                    .asString());
            page.get("things").forEach(thing -> seen.add(thing.asText()));
            assertThat(page.get("things").size()).isLessThanOrEqualTo(2);
            token = page.hasNonNull("nextToken") ? page.get("nextToken").asText() : null;
        } while (token != null);
        assertThat(seen).hasSize(5).isSorted();
    }

    @Test
    void membershipChangesPublishEventsKeyedByTheThingWithTheirOwnRevisions() {
        String thing = thing("ev");
        String thingId = registry.id(thing);
        String group = unique("evg");
        String groupId = createGroup(group).statusCode(200).extract().path("thingGroupId");
        add(thing, group).statusCode(200);
        add(thing, group).statusCode(200); // no change, no event
        remove(thing, group).statusCode(200);
        add(thing, group).statusCode(200);
        deleteGroup(group).statusCode(200); // removes the member

        List<ConsumerRecord<String, String>> records = KafkaTopicReader.await(
                "aws.events.thingGroupMembership", record -> record.key().equals(thing), 4);
        assertThat(records).hasSize(4);
        assertThat(records.stream().map(record -> KafkaTopicReader.header(record, Event.MQTT_TOPIC_HEADER)))
                .containsExactly(
                        topic(group, thing, "added"),
                        topic(group, thing, "removed"),
                        topic(group, thing, "added"),
                        topic(group, thing, "removed"));
        List<Long> revisions = records.stream()
                .map(record -> Long.parseLong(KafkaTopicReader.header(record, Event.RESOURCE_VERSION_HEADER)))
                .toList();
        assertThat(revisions).isSorted().doesNotHaveDuplicates();

        JsonNode first = read(records.getFirst().value());
        assertThat(first)
                .isEqualTo(read(
                        """
                        {"eventType":"THING_GROUP_MEMBERSHIP_EVENT","eventId":"%s","timestamp":%d,
                         "operation":"ADDED","accountId":"123456789012","groupArn":"%s","groupId":"%s",
                         "thingArn":"%s","thingId":"%s","membershipId":"%s"}"""
                                .formatted(
                                        first.get("eventId").asText(),
                                        first.get("timestamp").asLong(),
                                        GROUP_ARN + group,
                                        groupId,
                                        THING_ARN + thing,
                                        thingId,
                                        first.get("membershipId").asText())));
        JsonNode second = read(records.get(1).value());
        assertThat(second.get("operation").asText()).isEqualTo("REMOVED");
        assertThat(second.get("membershipId").asText())
                .isEqualTo(first.get("membershipId").asText());

        // the group's deletion comes after the removal of its last member, with a newer revision
        ConsumerRecord<String, String> deleted = groupDeleted(group);
        assertThat(Long.parseLong(KafkaTopicReader.header(deleted, Event.RESOURCE_VERSION_HEADER)))
                .isGreaterThan(revisions.getLast());
    }

    @Test
    void anUnavailableRegistryFailsTheAdditionWithServiceUnavailable() {
        String thing = thing("down");
        String group = unique("down");
        createGroup(group).statusCode(200);
        registry.unavailable(true);
        try {
            add(thing, group).statusCode(503).header("x-amzn-ErrorType", "ServiceUnavailableException");
        } finally {
            registry.unavailable(false);
        }
        add(thing, group).statusCode(200);
    }

    private String thing(String prefix) {
        String name = unique(prefix);
        registry.put(name);
        return name;
    }

    private static String topic(String group, String thing, String operation) {
        return "$aws/events/thingGroupMembership/thingGroup/" + group + "/thing/" + thing + "/" + operation;
    }

    private static org.hamcrest.Matcher<Iterable<? extends String>> containsSorted(String... names) {
        String[] sorted = names.clone();
        java.util.Arrays.sort(sorted);
        return contains(sorted);
    }
}

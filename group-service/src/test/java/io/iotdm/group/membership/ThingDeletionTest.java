package io.iotdm.group.membership;

import static io.iotdm.group.Api.add;
import static io.iotdm.group.Api.createGroup;
import static io.iotdm.group.Api.read;
import static io.iotdm.group.Api.unique;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;

import io.iotdm.events.Event;
import io.iotdm.events.RegistryEvents;
import io.iotdm.events.RegistryEvents.Change;
import io.iotdm.group.GroupTestResource;
import io.iotdm.group.TestRegistry;
import io.iotdm.testing.KafkaTopicReader;
import io.iotdm.testing.KafkaTopicWriter;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * A thing the registry deletes leaves all its groups: the service follows aws.events.thing, where this test publishes
 * the registry's events as the registry does (same payload builder and headers).
 */
@QuarkusTest
@GroupTestResource
class ThingDeletionTest {

    private final RegistryEvents registryEvents = new RegistryEvents("123456789012");

    @Inject
    TestRegistry registry;

    @Test
    void aDeletedThingLeavesAllItsGroupsOnceEvenWhenTheDeletionIsDeliveredTwice() throws Exception {
        String thing = unique("doomed");
        String thingId = registry.put(thing);
        String first = unique("g1");
        String second = unique("g2");
        createGroup(first).statusCode(200);
        createGroup(second).statusCode(200);
        add(thing, first).statusCode(200);
        add(thing, second).statusCode(200);

        registry.remove(thing);
        Event deleted = registryEvents.thing(Change.DELETED, thingId, thing, 1, 77, null, Map.of(), Instant.now());
        publish(deleted);
        publish(deleted); // at least once: a duplicate

        awaitGroupsOf(thing, List.of());
        List<ConsumerRecord<String, String>> removed = KafkaTopicReader.await(
                "aws.events.thingGroupMembership",
                record -> record.key().equals(thing)
                        && read(record.value()).get("operation").asText().equals("REMOVED"),
                2);
        assertThat(removed.stream().map(record -> KafkaTopicReader.header(record, Event.MQTT_TOPIC_HEADER)))
                .containsExactlyInAnyOrder(
                        "$aws/events/thingGroupMembership/thingGroup/" + first + "/thing/" + thing + "/removed",
                        "$aws/events/thingGroupMembership/thingGroup/" + second + "/thing/" + thing + "/removed");
        assertThat(removed.stream()
                        .map(record -> read(record.value()).get("thingId").asText()))
                .containsOnly(thingId);

        // an addition that asked the registry before the deletion, but arrives after it, fails
        registry.put(thing, thingId);
        add(thing, first).statusCode(404).header("x-amzn-ErrorType", "ResourceNotFoundException");

        // the duplicate removed nothing more: the thing is in no group, and joining again with a new id works
        String newId = registry.put(thing);
        add(thing, first).statusCode(200);
        assertThat(groupsOf(thing)).containsExactly(first);
        assertThat(newId).isNotEqualTo(thingId);
    }

    @Test
    void aLateDeletionOfAnOlderThingOfTheSameNameLeavesTheNewOneInItsGroups() throws Exception {
        String thing = unique("reborn");
        String oldId = registry.put(thing);
        String group = unique("g");
        createGroup(group).statusCode(200);
        add(thing, group).statusCode(200);
        // the thing is deleted and re-created (a new id), and joins the group again before the deletion arrives
        String newId = registry.put(thing);
        assertThat(newId).isNotEqualTo(oldId);

        publish(registryEvents.thing(Change.DELETED, oldId, thing, 1, 5, null, Map.of(), Instant.now()));
        awaitGroupsOf(thing, List.of());

        add(thing, group).statusCode(200);
        publish(registryEvents.thing(Change.DELETED, oldId, thing, 1, 5, null, Map.of(), Instant.now()));
        // the marker that the deletion was applied: a later deletion of another thing, consumed in order
        String marker = unique("marker");
        String markerId = registry.put(marker);
        add(marker, group).statusCode(200);
        publish(registryEvents.thing(Change.DELETED, markerId, marker, 1, 6, null, Map.of(), Instant.now()));
        awaitGroupsOf(marker, List.of());

        given().get("/things/" + thing + "/thing-groups").then().body("thingGroups.groupName", contains(group));
    }

    @Test
    void otherThingEventsAreIgnored() throws Exception {
        String thing = unique("kept");
        String id = registry.put(thing);
        String group = unique("g");
        createGroup(group).statusCode(200);
        add(thing, group).statusCode(200);
        publish(registryEvents.thing(Change.UPDATED, id, thing, 2, 9, null, Map.of(), Instant.now()));
        String marker = unique("marker");
        String markerId = registry.put(marker);
        add(marker, group).statusCode(200);
        publish(registryEvents.thing(Change.DELETED, markerId, marker, 1, 10, null, Map.of(), Instant.now()));
        awaitGroupsOf(marker, List.of());
        given().get("/things/" + thing + "/thing-groups").then().body("thingGroups.groupName", contains(group));
    }

    private static void awaitGroupsOf(String thing, List<String> groups) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (true) {
            List<String> found = groupsOf(thing);
            if (found.equals(groups) || Instant.now().isAfter(deadline)) {
                assertThat(found).isEqualTo(groups);
                return;
            }
            Thread.sleep(100);
        }
    }

    /** The thing's groups; none when the registry does not know the thing either (404). */
    private static List<String> groupsOf(String thing) {
        var response = given().get("/things/" + thing + "/thing-groups");
        if (response.statusCode() == 404) {
            return List.of();
        }
        return response.then().statusCode(200).extract().jsonPath().getList("thingGroups.groupName", String.class);
    }

    private static void publish(Event event) {
        KafkaTopicWriter.publish(
                event.kafkaTopic(),
                event.key(),
                event.payload().toString().getBytes(StandardCharsets.UTF_8),
                event.headers());
    }
}

package io.iotdm.group.thinggroup;

import static io.iotdm.group.Api.add;
import static io.iotdm.group.Api.createChild;
import static io.iotdm.group.Api.createGroup;
import static io.iotdm.group.Api.deleteGroup;
import static io.iotdm.group.Api.describeGroup;
import static io.iotdm.group.Api.groupDeleted;
import static io.iotdm.group.Api.read;
import static io.iotdm.group.Api.unique;
import static io.iotdm.group.Dynamic.groupsOf;
import static io.iotdm.group.Dynamic.members;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.iotdm.events.Event;
import io.iotdm.group.GroupTestResource;
import io.iotdm.group.TestRegistry;
import io.iotdm.testing.KafkaTopicReader;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * Deletions in steps of at most {@code removal-batch-size} members (2 in tests), the group gone for every operation
 * from the first step, and deletions that a crash interrupted, finished by the coordinator or by a creation of the
 * same name.
 */
@QuarkusTest
@GroupTestResource
class GroupDeletionTest {

    @Inject
    TestRegistry registry;

    @Inject
    Pool pool;

    @Test
    void aGroupOfMoreMembersThanABatchLosesThemAllBeforeItIsDeleted() {
        String group = unique("big");
        createGroup(group).statusCode(200);
        List<String> things = things("big", 5);
        things.forEach(thing -> add(thing, group).statusCode(200));

        deleteGroup(group).statusCode(200);
        describeGroup(group).statusCode(404);
        assertThat(count("SELECT count(*) FROM membership WHERE group_name = $1", group))
                .isZero();
        things.forEach(thing -> assertThat(groupsOf(thing)).isEmpty());
        // each member's removal, then the group's deletion with a newer revision
        long lastRemoval = removals(group, things).stream()
                .mapToLong(GroupDeletionTest::revision)
                .max()
                .orElseThrow();
        assertThat(revision(groupDeleted(group))).isGreaterThan(lastRemoval);
    }

    @Test
    void aGroupBeingDeletedIsGoneForEveryOperationAndItsDeletionIsFinished() throws Exception {
        String parent = unique("parent");
        String group = unique("interrupted");
        createGroup(parent).statusCode(200);
        createChild(group, parent).statusCode(200);
        List<String> things = things("interrupted", 3);
        things.forEach(thing -> add(thing, group).statusCode(200));
        String sibling = unique("sibling");

        // the first step of a deletion committed, then its instance died; the test keeps the coordinator waiting
        SqlConnection connection = pool.getConnection().await().indefinitely();
        Transaction holding = connection.begin().await().indefinitely();
        CompletableFuture<Integer> repeated = null;
        try {
            connection
                    .preparedQuery("SELECT 1 FROM thing_group WHERE name = $1 FOR KEY SHARE")
                    .execute(Tuple.of(group))
                    .await()
                    .indefinitely();
            markDeleting(group);

            describeGroup(group).statusCode(404);
            given().get("/thing-groups/" + group + "/things").then().statusCode(404);
            given().get("/thing-groups?parentGroup=" + parent)
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath()
                    .getList("thingGroups.groupName", String.class)
                    .forEach(name -> assertThat(name).isNotEqualTo(group));
            assertThat(groupsOf(things.getFirst())).isEmpty();
            add(things.getFirst(), group).statusCode(404).header("x-amzn-ErrorType", "ResourceNotFoundException");
            // its members are free to join other groups of its hierarchy
            createChild(sibling, parent).statusCode(200);
            add(things.getFirst(), sibling).statusCode(200);
            // its parent cannot be deleted yet: the child references it until its deletion ends
            deleteGroup(parent).statusCode(400);
            // deleting it again takes part in finishing the deletion: it answers when that is done
            repeated = CompletableFuture.supplyAsync(
                    () -> deleteGroup(group).extract().statusCode());
            Thread.sleep(500);
            assertThat(repeated).isNotDone();
        } finally {
            holding.rollback().await().indefinitely();
            connection.close().await().indefinitely();
        }

        assertThat(repeated.get(30, TimeUnit.SECONDS)).isEqualTo(200);
        assertThat(count("SELECT count(*) FROM thing_group WHERE name = $1", group))
                .isZero();
        assertThat(count("SELECT count(*) FROM membership WHERE group_name = $1", group))
                .isZero();
        removals(group, things);
        assertThat(revision(groupDeleted(group))).isPositive();
        assertThat(KafkaTopicReader.await(
                        "aws.events.thingGroupHierarchy",
                        record -> record.key().equals(parent)
                                && KafkaTopicReader.header(record, Event.MQTT_TOPIC_HEADER)
                                        .endsWith("/childThingGroup/" + group + "/removed"),
                        1))
                .hasSize(1);
        assertThat(groupsOf(things.getFirst())).containsExactly(sibling);
        deleteGroup(sibling).statusCode(200);
        deleteGroup(parent).statusCode(200);
    }

    @Test
    void creatingTheNameOfAGroupBeingDeletedFinishesThatDeletionFirst() {
        String group = unique("reused");
        String oldId = createGroup(group).statusCode(200).extract().path("thingGroupId");
        List<String> things = things("reused", 3);
        things.forEach(thing -> add(thing, group).statusCode(200));
        markDeleting(group);

        String newId = createGroup(group).statusCode(200).extract().path("thingGroupId");
        assertThat(newId).isNotEqualTo(oldId);
        assertThat(members(group)).isEmpty();
        assertThat(removals(group, things)).allSatisfy(removal -> assertThat(
                        read(removal.value()).get("groupId").asText())
                .isEqualTo(oldId));
        deleteGroup(group).statusCode(200);
    }

    private List<String> things(String prefix, int count) {
        List<String> things = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String thing = unique(prefix + "-t" + i);
            registry.put(thing);
            things.add(thing);
        }
        return things;
    }

    /** What the first step of a deletion leaves when its instance dies before the next. */
    private void markDeleting(String group) {
        pool.preparedQuery("UPDATE thing_group SET deleting = true WHERE name = $1")
                .execute(Tuple.of(group))
                .await()
                .indefinitely();
    }

    private long count(String sql, String group) {
        return pool.preparedQuery(sql)
                .execute(Tuple.of(group))
                .await()
                .indefinitely()
                .iterator()
                .next()
                .getLong(0);
    }

    private static List<ConsumerRecord<String, String>> removals(String group, List<String> things) {
        List<ConsumerRecord<String, String>> removals = new ArrayList<>();
        for (String thing : things) {
            removals.addAll(KafkaTopicReader.await(
                    "aws.events.thingGroupMembership",
                    record -> record.key().equals(thing)
                            && KafkaTopicReader.header(record, Event.MQTT_TOPIC_HEADER)
                                    .equals("$aws/events/thingGroupMembership/thingGroup/" + group + "/thing/" + thing
                                            + "/removed"),
                    1));
        }
        return removals;
    }

    private static long revision(ConsumerRecord<String, String> record) {
        return Long.parseLong(KafkaTopicReader.header(record, Event.RESOURCE_VERSION_HEADER));
    }
}

package io.iotdm.group.dynamic;

import static io.iotdm.group.Api.add;
import static io.iotdm.group.Api.createGroup;
import static io.iotdm.group.Api.deleteGroup;
import static io.iotdm.group.Api.put;
import static io.iotdm.group.Api.read;
import static io.iotdm.group.Api.remove;
import static io.iotdm.group.Api.unique;
import static io.iotdm.group.Dynamic.awaitGroupsOf;
import static io.iotdm.group.Dynamic.awaitMembers;
import static io.iotdm.group.Dynamic.createDynamicWithQuery;
import static io.iotdm.group.Dynamic.decision;
import static io.iotdm.group.Dynamic.deleteDynamic;
import static io.iotdm.group.Dynamic.groupsOf;
import static io.iotdm.group.Dynamic.publish;
import static io.iotdm.group.Dynamic.revision;
import static org.assertj.core.api.Assertions.assertThat;

import io.iotdm.events.DynamicGroupMessages.Decision;
import io.iotdm.events.DynamicGroupMessages.DocumentVersion;
import io.iotdm.events.DynamicGroupMessages.Verdict;
import io.iotdm.events.Event;
import io.iotdm.group.GroupTestResource;
import io.iotdm.group.TestRegistry;
import io.iotdm.testing.KafkaTopicReader;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * Memberships of dynamic groups from the indexing-service's decisions (published here on iotdm.dynamic-membership as
 * the indexing-service does), with the limit of 10 groups per thing where older dynamic groups win.
 */
@QuarkusTest
@GroupTestResource
class DynamicMembershipTest {

    @Inject
    TestRegistry registry;

    @Test
    void decisionsJoinAndLeaveWithEventsAndStaleOrForeignOnesAreIgnored() {
        String thing = unique("t");
        String thingId = registry.put(thing);
        String group = unique("dyn");
        String other = unique("dyn2");
        createDynamicWithQuery(group, "attributes.a:1").statusCode(200);
        createDynamicWithQuery(other, "attributes.b:1").statusCode(200);
        long revision = revision(group, 1);
        long otherRevision = revision(other, 1);

        publish(decision(thing, thingId, 10, Map.of(group, new Verdict(revision, true))));
        awaitMembers(group, List.of(thing));
        assertThat(groupsOf(thing)).containsExactly(group);

        publish(decision(thing, thingId, 11, Map.of(group, new Verdict(revision, false))));
        awaitMembers(group, List.of());

        List<ConsumerRecord<String, String>> events = KafkaTopicReader.await(
                "aws.events.thingGroupMembership", record -> record.key().equals(thing), 2);
        assertThat(events.stream().map(record -> KafkaTopicReader.header(record, Event.MQTT_TOPIC_HEADER)))
                .containsExactly(
                        "$aws/events/thingGroupMembership/thingGroup/" + group + "/thing/" + thing + "/added",
                        "$aws/events/thingGroupMembership/thingGroup/" + group + "/thing/" + thing + "/removed");
        assertThat(events.stream()
                        .map(record -> read(record.value()).get("thingId").asText()))
                .containsOnly(thingId);

        // an older document, and a verdict for another revision of the query, change nothing; the marker (the
        // other group, decided after them on the same partition) shows that they were consumed
        publish(decision(thing, thingId, 9, Map.of(group, new Verdict(revision, true))));
        publish(decision(
                thing,
                thingId,
                12,
                Map.of(group, new Verdict(revision - 1, true), other, new Verdict(otherRevision, true))));
        awaitGroupsOf(thing, List.of(other));

        // the thing's deletion: it leaves every dynamic group
        publish(new Decision(thing, thingId, new DocumentVersion(1, 1, 13), true, Map.of()));
        awaitGroupsOf(thing, List.of());

        deleteDynamic(group).statusCode(200);
        deleteDynamic(other).statusCode(200);
    }

    @Test
    void olderDynamicGroupsWinTheTenthSlotAndAWaitingGroupJoinsWhenASlotFrees() {
        String thing = unique("capped");
        String thingId = registry.put(thing);
        List<String> statics = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String group = unique("s" + i);
            createGroup(group).statusCode(200);
            add(thing, group).statusCode(200);
            statics.add(group);
        }
        String oldest = unique("d1");
        String middle = unique("d2");
        String newest = unique("d3");
        for (String group : List.of(oldest, middle, newest)) {
            createDynamicWithQuery(group, "attributes.x:1").statusCode(200);
        }
        long r1 = revision(oldest, 1);
        long r2 = revision(middle, 1);
        long r3 = revision(newest, 1);

        publish(decision(thing, thingId, 1, Map.of(middle, new Verdict(r2, true), newest, new Verdict(r3, true))));
        awaitMembers(newest, List.of(thing));
        assertThat(groupsOf(thing)).hasSize(10).contains(middle, newest);

        // the oldest dynamic group takes the slot of the newest one
        publish(decision(
                thing,
                thingId,
                2,
                Map.of(oldest, new Verdict(r1, true), middle, new Verdict(r2, true), newest, new Verdict(r3, true))));
        awaitMembers(oldest, List.of(thing));
        assertThat(groupsOf(thing)).hasSize(10).contains(oldest, middle).doesNotContain(newest);

        // a static group can't be added at the limit, unless it overrides dynamic groups
        String extra = unique("s-extra");
        createGroup(extra).statusCode(200);
        add(thing, extra).statusCode(400).header("x-amzn-ErrorType", "InvalidRequestException");

        // a slot frees: the waiting group joins
        remove(thing, statics.get(0)).statusCode(200);
        assertThat(groupsOf(thing)).hasSize(10).contains(oldest, middle, newest);

        // overrideDynamicGroups: the most recently created dynamic group makes room
        put(
                        "addThingToThingGroup",
                        "{\"thingName\":\"" + thing + "\",\"thingGroupName\":\"" + extra
                                + "\",\"overrideDynamicGroups\":true}")
                .statusCode(200);
        assertThat(groupsOf(thing)).hasSize(10).contains(extra, oldest, middle).doesNotContain(newest);
        put(
                        "updateThingGroupsForThing",
                        "{\"thingName\":\"" + thing + "\",\"thingGroupsToAdd\":[\"" + statics.get(0)
                                + "\"],\"overrideDynamicGroups\":true}")
                .statusCode(200);
        assertThat(groupsOf(thing)).hasSize(10).contains(statics.get(0), oldest).doesNotContain(middle, newest);

        // deleting a dynamic group frees its slot for the next one waiting
        deleteDynamic(oldest).statusCode(200);
        assertThat(groupsOf(thing)).hasSize(10).contains(middle).doesNotContain(oldest, newest);
        // and so does deleting a static group
        deleteGroup(statics.get(1)).statusCode(200);
        assertThat(groupsOf(thing)).hasSize(10).contains(middle, newest).doesNotContain(statics.get(1));
        deleteDynamic(middle).statusCode(200);
        deleteDynamic(newest).statusCode(200);
    }

    @Test
    void overrideNeedsDynamicMembershipsToEvict() {
        String thing = unique("full");
        registry.put(thing);
        for (int i = 0; i < 10; i++) {
            String group = unique("f" + i);
            createGroup(group).statusCode(200);
            add(thing, group).statusCode(200);
        }
        String extra = unique("f-extra");
        createGroup(extra).statusCode(200);
        put(
                        "addThingToThingGroup",
                        "{\"thingName\":\"" + thing + "\",\"thingGroupName\":\"" + extra
                                + "\",\"overrideDynamicGroups\":true}")
                .statusCode(400)
                .header("x-amzn-ErrorType", "InvalidRequestException");
        assertThat(groupsOf(thing)).hasSize(10).doesNotContain(extra);
    }
}

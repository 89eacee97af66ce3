package io.iotdm.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.iotdm.events.GroupEvents.Ancestor;
import io.iotdm.events.GroupEvents.Change;
import io.iotdm.events.GroupEvents.Link;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The payloads, topics, keys and headers match AWS's thing group events field for field. */
class GroupEventsTest {

    private static final Instant AT = Instant.ofEpochMilli(1_234_567_890_123L);

    private final GroupEvents events = new GroupEvents("123456789012");
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void thingGroupEventOfAChildGroup() throws Exception {
        Event event = events.thingGroup(
                Change.CREATED,
                "g-2",
                "Child",
                1,
                42,
                "Root",
                "g-1",
                "a child",
                List.of(new Ancestor("arn:aws:iot:us-east-1:123456789012:thinggroup/Root", "g-1")),
                Map.of("a", "1"),
                AT);

        assertThat(event.kafkaTopic()).isEqualTo("aws.events.thingGroup");
        assertThat(event.key()).isEqualTo("Child");
        assertThat(event.mqttTopic()).isEqualTo("$aws/events/thingGroup/Child/created");
        assertThat(json.readTree(event.payload().toString()))
                .isEqualTo(json.readTree(
                        """
                        {"eventType":"THING_GROUP_EVENT","eventId":"%s","timestamp":1234567890123,
                         "operation":"CREATED","accountId":"123456789012","thingGroupId":"g-2",
                         "thingGroupName":"Child","versionNumber":1,"parentGroupName":"Root","parentGroupId":"g-1",
                         "description":"a child",
                         "rootToParentThingGroups":[
                           {"groupArn":"arn:aws:iot:us-east-1:123456789012:thinggroup/Root","groupId":"g-1"}],
                         "attributes":{"a":"1"},"dynamicGroupMappingId":null}"""
                                .formatted(event.eventId())));
        assertThat(event.headers())
                .containsEntry(Event.MQTT_TOPIC_HEADER, "$aws/events/thingGroup/Child/created")
                .containsEntry(Event.RESOURCE_VERSION_HEADER, "42");
    }

    @Test
    void aRootGroupHasNullParentsAndNoAncestors() {
        JsonNode payload = events.thingGroup(
                        Change.DELETED, "g-1", "Root", 3, 7, null, null, null, List.of(), Map.of(), AT)
                .payload();
        assertThat(payload.get("parentGroupName").isNull()).isTrue();
        assertThat(payload.get("parentGroupId").isNull()).isTrue();
        assertThat(payload.get("description").isNull()).isTrue();
        assertThat(payload.get("rootToParentThingGroups")).isEmpty();
        assertThat(payload.get("operation").asText()).isEqualTo("DELETED");
    }

    @Test
    void membershipEventIsKeyedByTheThing() throws Exception {
        Event event = events.thingGroupMembership(
                Link.REMOVED,
                "G",
                "arn:aws:iot:us-east-1:123456789012:thinggroup/G",
                "g-1",
                "T",
                "arn:aws:iot:us-east-1:123456789012:thing/T",
                "t-1",
                "m-1",
                9,
                AT);
        assertThat(event.kafkaTopic()).isEqualTo("aws.events.thingGroupMembership");
        assertThat(event.key()).isEqualTo("T");
        assertThat(event.mqttTopic()).isEqualTo("$aws/events/thingGroupMembership/thingGroup/G/thing/T/removed");
        assertThat(json.readTree(event.payload().toString()))
                .isEqualTo(json.readTree(
                        """
                        {"eventType":"THING_GROUP_MEMBERSHIP_EVENT","eventId":"%s","timestamp":1234567890123,
                         "operation":"REMOVED","accountId":"123456789012",
                         "groupArn":"arn:aws:iot:us-east-1:123456789012:thinggroup/G","groupId":"g-1",
                         "thingArn":"arn:aws:iot:us-east-1:123456789012:thing/T","thingId":"t-1",
                         "membershipId":"m-1"}"""
                                .formatted(event.eventId())));
        assertThat(event.headers()).containsEntry(Event.RESOURCE_VERSION_HEADER, "9");
    }

    @Test
    void hierarchyEventIsKeyedByTheParent() throws Exception {
        Event event = events.thingGroupHierarchy(Link.ADDED, "p-1", "P", "c-1", "C", 5, AT);
        assertThat(event.kafkaTopic()).isEqualTo("aws.events.thingGroupHierarchy");
        assertThat(event.key()).isEqualTo("P");
        assertThat(event.mqttTopic()).isEqualTo("$aws/events/thingGroupHierarchy/thingGroup/P/childThingGroup/C/added");
        assertThat(json.readTree(event.payload().toString()))
                .isEqualTo(json.readTree(
                        """
                        {"eventType":"THING_GROUP_HIERARCHY_EVENT","eventId":"%s","timestamp":1234567890123,
                         "operation":"ADDED","accountId":"123456789012","thingGroupId":"p-1",
                         "thingGroupName":"P","childGroupId":"c-1","childGroupName":"C"}"""
                                .formatted(event.eventId())));
        assertThat(event.headers()).containsEntry(Event.RESOURCE_VERSION_HEADER, "5");
    }
}

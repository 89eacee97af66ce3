package io.iotdm.indexing.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iotdm.events.Event;
import io.iotdm.events.RegistryEvents;
import io.iotdm.events.ShadowEvents;
import io.iotdm.indexing.thing.Part;
import io.iotdm.indexing.thing.PartUpdate;
import io.iotdm.indexing.thing.PartVersion;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class EventDecoderTest {

    private static final JsonMapper JSON = new JsonMapper();
    private final EventDecoder decoder = new EventDecoder();

    private static ConsumerRecord<String, byte[]> record(Event event) {
        ConsumerRecord<String, byte[]> record = new ConsumerRecord<>(
                event.kafkaTopic(),
                0,
                0,
                event.key(),
                event.payload().toString().getBytes(StandardCharsets.UTF_8));
        event.headers().forEach((name, value) -> record.headers().add(name, value.getBytes(StandardCharsets.UTF_8)));
        return record;
    }

    @Test
    void thingEventsUseTheRevision() throws Exception {
        Event event = new RegistryEvents("123456789012")
                .thing(
                        RegistryEvents.Change.UPDATED,
                        "id-1",
                        "lamp",
                        3,
                        41,
                        "light",
                        Map.of("room", "12"),
                        Instant.ofEpochMilli(5_000));
        PartUpdate update = decoder.decode(record(event)).orElseThrow();
        assertThat(update.id()).isEqualTo("lamp");
        assertThat(update.version()).isEqualTo(new PartVersion(41, 5_000, false));
        assertThat(update.fields())
                .containsEntry("thingId", "id-1")
                .containsEntry("thingTypeName", "light")
                .containsEntry("registry.version", 3L)
                .containsEntry("attributes.room", "12")
                .containsEntry("numeric.attributes.room", 12.0)
                .containsEntry("live", true);
    }

    @Test
    void deletedThingsKeepOnlyTheirName() throws Exception {
        Event event = new RegistryEvents("123456789012")
                .thing(RegistryEvents.Change.DELETED, "id-1", "lamp", 3, 42, null, Map.of("room", "12"), Instant.now());
        PartUpdate update = decoder.decode(record(event)).orElseThrow();
        assertThat(update.version().deleted()).isTrue();
        assertThat(update.fields()).containsOnlyKeys("thingName", "live").containsEntry("live", false);
    }

    @Test
    void namedShadowDeletionsComeFromTheTopicHeader() throws Exception {
        ObjectNode accepted = JSON.createObjectNode().put("version", 8).put("timestamp", 99);
        Event event = ShadowEvents.deleted("lamp", "cfg", 8, accepted);
        PartUpdate update = decoder.decode(record(event)).orElseThrow();
        assertThat(update.part().name()).isEqualTo("shadow:cfg");
        assertThat(update.version()).isEqualTo(new PartVersion(8, 99, true));
    }

    @Test
    void otherEventTypesAreNotForTheIndex() throws Exception {
        Event association = new RegistryEvents("123456789012")
                .thingTypeAssociation(RegistryEvents.Association.ADDED, "id", "lamp", 4, "light", Instant.now());
        ConsumerRecord<String, byte[]> onThingTopic = new ConsumerRecord<>(
                RegistryEvents.THING_TOPIC,
                0,
                0,
                "lamp",
                association.payload().toString().getBytes());
        onThingTopic.headers().add(Event.RESOURCE_VERSION_HEADER, "4".getBytes());
        assertThat(decoder.decode(onThingTopic)).isEqualTo(Optional.empty());
    }

    @Test
    void unreadableRecordsArePoison() {
        ConsumerRecord<String, byte[]> notJson =
                new ConsumerRecord<>(RegistryEvents.THING_TOPIC, 0, 0, "lamp", "{oops".getBytes());
        assertThatThrownBy(() -> decoder.decode(notJson)).isInstanceOf(PoisonRecordException.class);

        Event event = new RegistryEvents("123456789012")
                .thing(RegistryEvents.Change.CREATED, "id", "lamp", 1, 1, null, Map.of(), Instant.now());
        ConsumerRecord<String, byte[]> noVersion = new ConsumerRecord<>(
                RegistryEvents.THING_TOPIC,
                0,
                0,
                "lamp",
                event.payload().toString().getBytes());
        assertThatThrownBy(() -> decoder.decode(noVersion))
                .isInstanceOf(PoisonRecordException.class)
                .hasMessageContaining("resource-version");

        ConsumerRecord<String, byte[]> shadowWithoutTopic =
                new ConsumerRecord<>(ShadowEvents.SHADOW_TOPIC, 0, 0, "lamp", "{\"version\":1}".getBytes());
        assertThatThrownBy(() -> decoder.decode(shadowWithoutTopic)).isInstanceOf(PoisonRecordException.class);
    }

    private static ConsumerRecord<String, byte[]> presence(String clientId, String payload) {
        return new ConsumerRecord<>(
                EventDecoder.PRESENCE_TOPIC, 0, 0, clientId, payload.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void presenceEventsBecomeTheConnectivityPart() throws Exception {
        PartUpdate connected = decoder.decode(presence(
                        "dev-1",
                        "{\"clientId\":\"dev-1\",\"timestamp\":1000,\"eventType\":\"connected\","
                                + "\"versionNumber\":3,\"ipAddress\":\"192.0.2.1\"}"))
                .orElseThrow();
        assertThat(connected.id()).isEqualTo("dev-1");
        assertThat(connected.part().name()).isEqualTo("connectivity");
        assertThat(connected.version()).isEqualTo(new PartVersion(3, 1000, false));
        assertThat(connected.fields())
                .containsEntry("connectivity.connected", true)
                .containsEntry("connectivity.timestamp", 1000L)
                .doesNotContainKey("connectivity.disconnectReason");

        PartUpdate disconnected = decoder.decode(presence(
                        "client-9",
                        "{\"clientId\":\"client-9\",\"thingName\":\"lamp\",\"timestamp\":2000,"
                                + "\"eventType\":\"disconnected\",\"versionNumber\":3,"
                                + "\"disconnectReason\":\"CONNECTION_LOST\"}"))
                .orElseThrow();
        assertThat(disconnected.id()).isEqualTo("lamp");
        assertThat(disconnected.version()).isEqualTo(new PartVersion(3, 2000, true));
        assertThat(disconnected.fields())
                .containsEntry("connectivity.connected", false)
                .containsEntry("connectivity.disconnectReason", "CONNECTION_LOST");
        assertThat(disconnected.isNewerThan(connected)).isTrue();
    }

    @Test
    void otherLifecycleEventsAreSkippedAndBrokenOnesArePoison() throws Exception {
        assertThat(decoder.decode(presence("c", "{\"clientId\":\"c\",\"eventType\":\"subscribed\"}")))
                .isEmpty();
        assertThatThrownBy(() -> decoder.decode(
                        presence("c", "{\"clientId\":\"c\",\"eventType\":\"connected\",\"timestamp\":1}")))
                .isInstanceOf(PoisonRecordException.class);
    }

    private static ConsumerRecord<String, byte[]> groupRecord(
            String topic, String key, String mqttTopic, long revision, String payload) {
        ConsumerRecord<String, byte[]> record =
                new ConsumerRecord<>(topic, 0, 0, key, payload.getBytes(StandardCharsets.UTF_8));
        record.headers().add(Event.MQTT_TOPIC_HEADER, mqttTopic.getBytes(StandardCharsets.UTF_8));
        record.headers()
                .add(Event.RESOURCE_VERSION_HEADER, Long.toString(revision).getBytes(StandardCharsets.UTF_8));
        return record;
    }

    @Test
    void membershipEventsTakeTheNamesFromTheTopic() throws Exception {
        PartUpdate removed = decoder.decode(groupRecord(
                        EventDecoder.MEMBERSHIP_TOPIC,
                        "lamp",
                        "$aws/events/thingGroupMembership/thingGroup/kitchen/thing/lamp/removed",
                        17,
                        "{\"eventType\":\"THING_GROUP_MEMBERSHIP_EVENT\",\"operation\":\"REMOVED\","
                                + "\"groupArn\":\"arn:aws:iot:us-east-1:123456789012:thinggroup/kitchen\","
                                + "\"timestamp\":1234}"))
                .orElseThrow();
        assertThat(removed.id()).isEqualTo("lamp");
        assertThat(removed.part().name()).isEqualTo("group:kitchen");
        assertThat(removed.part().member()).isEqualTo(new Part.Member("thingGroupNames", "kitchen"));
        assertThat(removed.version()).isEqualTo(new PartVersion(17, 1234, true));

        assertThatThrownBy(() -> decoder.decode(groupRecord(
                        EventDecoder.MEMBERSHIP_TOPIC,
                        "lamp",
                        "$aws/events/thingGroup/kitchen/created",
                        18,
                        "{\"eventType\":\"THING_GROUP_MEMBERSHIP_EVENT\"}")))
                .isInstanceOf(PoisonRecordException.class);
    }

    @Test
    void groupEventsNameTheAncestorsFromTheirArns() throws Exception {
        PartUpdate group = decoder.decode(groupRecord(
                        EventDecoder.GROUP_TOPIC,
                        "kitchen",
                        "$aws/events/thingGroup/kitchen/updated",
                        25,
                        "{\"eventType\":\"THING_GROUP_EVENT\",\"operation\":\"UPDATED\","
                                + "\"thingGroupId\":\"g-1\",\"thingGroupName\":\"kitchen\",\"versionNumber\":4,"
                                + "\"parentGroupName\":\"floor-1\",\"description\":\"lights\","
                                + "\"rootToParentThingGroups\":["
                                + "{\"groupArn\":\"arn:aws:iot:eu-west-1:123456789012:thinggroup/house\"},"
                                + "{\"groupArn\":\"arn:aws:iot:eu-west-1:123456789012:thinggroup/floor-1\"}],"
                                + "\"attributes\":{\"level\":\"1\"},\"timestamp\":99}"))
                .orElseThrow();
        assertThat(group.id()).isEqualTo("kitchen");
        assertThat(group.part().isThingGroup()).isTrue();
        assertThat(group.version()).isEqualTo(new PartVersion(25, 99, false));
        assertThat(group.fields())
                .containsEntry("thingGroupName", "kitchen")
                .containsEntry("thingGroupId", "g-1")
                .containsEntry("thingGroupDescription", "lights")
                .containsEntry("version", 4L)
                .containsEntry("attributes.level", "1")
                .containsEntry("numeric.attributes.level", 1.0)
                .containsEntry("parentGroupNames", List.of("house", "floor-1"))
                .containsEntry("live", true);
    }
}

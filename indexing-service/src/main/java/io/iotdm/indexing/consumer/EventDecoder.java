package io.iotdm.indexing.consumer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.iotdm.events.Event;
import io.iotdm.events.RegistryEvents;
import io.iotdm.events.ShadowEvents;
import io.iotdm.indexing.group.GroupDocuments;
import io.iotdm.indexing.thing.ConnectivityDocuments;
import io.iotdm.indexing.thing.MembershipDocuments;
import io.iotdm.indexing.thing.PartUpdate;
import io.iotdm.indexing.thing.RegistryDocuments;
import io.iotdm.indexing.thing.ShadowDocuments;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/** Reads a record of an event topic as the change it makes to a thing's (or a thing group's) document. */
final class EventDecoder {

    /** AWS's lifecycle events (docs/architecture.md §2a): key = client id, header mqtt-topic. */
    static final String PRESENCE_TOPIC = "aws.events.presence";

    /** The group service's membership events (docs/architecture.md §2a): key = thing name, header mqtt-topic. */
    static final String MEMBERSHIP_TOPIC = "aws.events.thingGroupMembership";

    /** The group service's group events: key = group name. */
    static final String GROUP_TOPIC = "aws.events.thingGroup";

    /** The topics the indices follow: the {@code thing-index} channel's {@code topics} (ThingIndexChannelTest). */
    static final List<String> TOPICS = List.of(
            RegistryEvents.THING_TOPIC, ShadowEvents.SHADOW_TOPIC, PRESENCE_TOPIC, MEMBERSHIP_TOPIC, GROUP_TOPIC);

    private static final JsonMapper JSON = JsonMapper.builder()
            // shadow numbers as sent: 1.10 stays 1.10 in the keyword, 1e400 is not silently Infinity
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    /** {@code $aws/things/{thing}/shadow[/name/{shadow}]/(update/documents|delete/accepted)}. */
    private static final Pattern SHADOW_TOPIC =
            Pattern.compile("\\$aws/things/([^/]+)/shadow(?:/name/([^/]+))?/(update/documents|delete/accepted)");

    /** {@code $aws/events/thingGroupMembership/thingGroup/{group}/thing/{thing}/(added|removed)}. */
    private static final Pattern MEMBERSHIP_TOPIC_PATTERN =
            Pattern.compile("\\$aws/events/thingGroupMembership/thingGroup/([^/]+)/thing/([^/]+)/(added|removed)");

    private static final Pattern SHADOW_OTHER = Pattern.compile("\\$aws/things/[^/]+/shadow(?:/name/[^/]+)?/.+");

    /**
     * @return the change, or empty for a record the index does not follow
     * @throws PoisonRecordException when the record cannot be read
     */
    Optional<PartUpdate> decode(ConsumerRecord<String, byte[]> record) throws PoisonRecordException {
        return switch (record.topic()) {
            case RegistryEvents.THING_TOPIC -> thing(record);
            case ShadowEvents.SHADOW_TOPIC -> shadow(record);
            case PRESENCE_TOPIC -> presence(record);
            case MEMBERSHIP_TOPIC -> membership(record);
            case GROUP_TOPIC -> group(record);
            default -> Optional.empty();
        };
    }

    private Optional<PartUpdate> thing(ConsumerRecord<String, byte[]> record) throws PoisonRecordException {
        JsonNode event = json(record);
        if (!"THING_EVENT".equals(event.path("eventType").asText())) {
            return Optional.empty();
        }
        long revision = revision(record);
        try {
            return Optional.of(RegistryDocuments.fromThingEvent(event, revision));
        } catch (IllegalArgumentException e) {
            throw new PoisonRecordException(e.getMessage(), e);
        }
    }

    private Optional<PartUpdate> shadow(ConsumerRecord<String, byte[]> record) throws PoisonRecordException {
        String topic = requiredHeader(record, Event.MQTT_TOPIC_HEADER);
        Matcher matcher = SHADOW_TOPIC.matcher(topic);
        if (!matcher.matches()) {
            if (SHADOW_OTHER.matcher(topic).matches()) {
                return Optional.empty(); // another shadow message (none is published here today)
            }
            throw new PoisonRecordException("not a shadow topic: " + topic);
        }
        String thingName = matcher.group(1);
        String shadowName = matcher.group(2);
        JsonNode payload = json(record);
        try {
            return Optional.of(
                    matcher.group(3).equals("update/documents")
                            ? ShadowDocuments.updated(thingName, shadowName, version(record), payload)
                            : ShadowDocuments.deleted(thingName, shadowName, version(record), payload));
        } catch (IllegalArgumentException e) {
            throw new PoisonRecordException(e.getMessage(), e);
        }
    }

    private Optional<PartUpdate> presence(ConsumerRecord<String, byte[]> record) throws PoisonRecordException {
        JsonNode event = json(record);
        String eventType = event.path("eventType").asText("");
        if (!eventType.equals("connected") && !eventType.equals("disconnected")) {
            return Optional.empty(); // another lifecycle event (subscribed/unsubscribed): not indexed
        }
        try {
            return Optional.of(ConnectivityDocuments.fromPresence(event));
        } catch (IllegalArgumentException e) {
            throw new PoisonRecordException(e.getMessage(), e);
        }
    }

    private Optional<PartUpdate> membership(ConsumerRecord<String, byte[]> record) throws PoisonRecordException {
        JsonNode event = json(record);
        if (!"THING_GROUP_MEMBERSHIP_EVENT".equals(event.path("eventType").asText())) {
            return Optional.empty();
        }
        String mqttTopic = requiredHeader(record, Event.MQTT_TOPIC_HEADER);
        Matcher topic = MEMBERSHIP_TOPIC_PATTERN.matcher(mqttTopic);
        if (!topic.matches()) {
            throw new PoisonRecordException("not a membership topic: " + mqttTopic);
        }
        return Optional.of(MembershipDocuments.fromMembershipEvent(
                topic.group(1), topic.group(2), topic.group(3).equals("added"), event, revision(record)));
    }

    private Optional<PartUpdate> group(ConsumerRecord<String, byte[]> record) throws PoisonRecordException {
        JsonNode event = json(record);
        if (!"THING_GROUP_EVENT".equals(event.path("eventType").asText())) {
            return Optional.empty();
        }
        long revision = revision(record);
        try {
            return Optional.of(GroupDocuments.fromGroupEvent(event, revision));
        } catch (IllegalArgumentException e) {
            throw new PoisonRecordException(e.getMessage(), e);
        }
    }

    private static JsonNode json(ConsumerRecord<String, byte[]> record) throws PoisonRecordException {
        if (record.value() == null) {
            throw new PoisonRecordException("no value");
        }
        try {
            JsonNode node = JSON.readTree(record.value());
            if (node == null || !node.isObject()) {
                throw new PoisonRecordException("the value is not a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new PoisonRecordException("the value is not JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new PoisonRecordException("the value is not JSON: " + e.getMessage(), e);
        }
    }

    /** @return the {@code resource-version} header, or -1 when it is missing */
    private static long version(ConsumerRecord<String, byte[]> record) throws PoisonRecordException {
        String value = header(record, Event.RESOURCE_VERSION_HEADER);
        if (value == null) {
            return -1;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new PoisonRecordException(Event.RESOURCE_VERSION_HEADER + " is not a number: " + value);
        }
    }

    /** The {@code resource-version} of an event that is ordered by nothing else (registry and group revisions). */
    private static long revision(ConsumerRecord<String, byte[]> record) throws PoisonRecordException {
        long revision = version(record);
        if (revision < 0) {
            throw new PoisonRecordException("no " + Event.RESOURCE_VERSION_HEADER + " header");
        }
        return revision;
    }

    private static String requiredHeader(ConsumerRecord<String, byte[]> record, String name)
            throws PoisonRecordException {
        String value = header(record, name);
        if (value == null) {
            throw new PoisonRecordException("no " + name + " header");
        }
        return value;
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}

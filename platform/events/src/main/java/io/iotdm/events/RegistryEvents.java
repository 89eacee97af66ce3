package io.iotdm.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The registry's events, with AWS's payloads (Developer Guide, "Registry events"): THING,
 * THING_TYPE and THING_TYPE_ASSOCIATION. Timestamps are epoch milliseconds, as in AWS's examples.
 */
public final class RegistryEvents {

    public static final String THING_TOPIC = "aws.events.thing";
    public static final String THING_TYPE_TOPIC = "aws.events.thingType";
    public static final String THING_TYPE_ASSOCIATION_TOPIC = "aws.events.thingTypeAssociation";

    /** What happened to a thing or a thing type; deprecating and undeprecating a type are updates. */
    public enum Change {
        CREATED,
        UPDATED,
        DELETED
    }

    /** What happened between a thing and a thing type. */
    public enum Association {
        ADDED,
        REMOVED
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String accountId;

    public RegistryEvents(String accountId) {
        this.accountId = accountId;
    }

    /**
     * {@code $aws/events/thing/{thingName}/created|updated|deleted}.
     *
     * @param versionNumber the thing's AWS version, which restarts at 1 when a thing is re-created
     * @param revision the registry's revision of the write, which only grows: the record's resource version
     */
    public Event thing(
            Change change,
            String thingId,
            String thingName,
            long versionNumber,
            long revision,
            String thingTypeName,
            Map<String, String> attributes,
            Instant at) {
        String eventId = UUID.randomUUID().toString();
        ObjectNode payload = header("THING_EVENT", eventId, at, change.name());
        payload.put("accountId", accountId);
        payload.put("thingId", thingId);
        payload.put("thingName", thingName);
        payload.put("versionNumber", versionNumber);
        payload.put("thingTypeName", thingTypeName);
        ObjectNode attributeNode = payload.putObject("attributes");
        attributes.forEach(attributeNode::put);
        return new Event(
                THING_TOPIC,
                thingName,
                "$aws/events/thing/" + thingName + "/" + topicSuffix(change),
                eventId,
                revision,
                payload);
    }

    /** {@code $aws/events/thingType/{thingTypeName}/created|updated|deleted}. */
    public Event thingType(
            Change change,
            String thingTypeId,
            String thingTypeName,
            long version,
            boolean deprecated,
            Instant deprecationDate,
            List<String> searchableAttributes,
            String description,
            Instant at) {
        String eventId = UUID.randomUUID().toString();
        ObjectNode payload = header("THING_TYPE_EVENT", eventId, at, change.name());
        payload.put("accountId", accountId);
        payload.put("thingTypeId", thingTypeId);
        payload.put("thingTypeName", thingTypeName);
        payload.put("isDeprecated", deprecated);
        if (deprecationDate == null) {
            payload.putNull("deprecationDate");
        } else {
            payload.put("deprecationDate", deprecationDate.toEpochMilli());
        }
        ArrayNode searchable = payload.putArray("searchableAttributes");
        searchableAttributes.forEach(searchable::add);
        payload.put("description", description);
        return new Event(
                THING_TYPE_TOPIC,
                thingTypeName,
                "$aws/events/thingType/" + thingTypeName + "/" + topicSuffix(change),
                eventId,
                version,
                payload);
    }

    /**
     * {@code $aws/events/thingTypeAssociation/thing/{thingName}/thingType/{typeName}/added|removed};
     * keyed by the thing, whose revision orders it among the thing's other events.
     */
    public Event thingTypeAssociation(
            Association association,
            String thingId,
            String thingName,
            long thingRevision,
            String thingTypeName,
            Instant at) {
        String eventId = UUID.randomUUID().toString();
        ObjectNode payload = header("THING_TYPE_ASSOCIATION_EVENT", eventId, at, association.name());
        payload.put("thingId", thingId);
        payload.put("thingName", thingName);
        payload.put("thingTypeName", thingTypeName);
        return new Event(
                THING_TYPE_ASSOCIATION_TOPIC,
                thingName,
                "$aws/events/thingTypeAssociation/thing/" + thingName + "/thingType/" + thingTypeName + "/"
                        + topicSuffix(association),
                eventId,
                thingRevision,
                payload);
    }

    /** The last level of the MQTT topic: the operation in lower case. */
    private static String topicSuffix(Enum<?> operation) {
        return operation.name().toLowerCase(Locale.ROOT);
    }

    private static ObjectNode header(String eventType, String eventId, Instant at, String operation) {
        ObjectNode payload = JSON.createObjectNode();
        payload.put("eventType", eventType);
        payload.put("eventId", eventId);
        payload.put("timestamp", at.toEpochMilli());
        payload.put("operation", operation);
        return payload;
    }
}

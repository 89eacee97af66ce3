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
 * The group-service's events, with AWS's payloads (Developer Guide, "Registry events"): THING_GROUP,
 * THING_GROUP_MEMBERSHIP and THING_GROUP_HIERARCHY. Timestamps are epoch milliseconds, as in AWS's examples.
 *
 * <p>Resource versions (the {@code resource-version} header): every write of the group-service takes the next value
 * of one sequence, the group revision, which never restarts. A THING_GROUP event carries the revision of the group's
 * write, a THING_GROUP_MEMBERSHIP event the revision of that one membership change (one thing added to or removed from
 * one group), a THING_GROUP_HIERARCHY event the revision of the child group's creation or deletion.
 */
public final class GroupEvents {

    public static final String THING_GROUP_TOPIC = "aws.events.thingGroup";
    public static final String THING_GROUP_MEMBERSHIP_TOPIC = "aws.events.thingGroupMembership";
    public static final String THING_GROUP_HIERARCHY_TOPIC = "aws.events.thingGroupHierarchy";

    /** What happened to a thing group. */
    public enum Change {
        CREATED,
        UPDATED,
        DELETED
    }

    /** What happened between a thing and a group, or a parent group and a child group. */
    public enum Link {
        ADDED,
        REMOVED
    }

    /** An ancestor of a group, as {@code rootToParentThingGroups} of THING_GROUP events names it. */
    public record Ancestor(String groupArn, String groupId) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String accountId;

    public GroupEvents(String accountId) {
        this.accountId = accountId;
    }

    /**
     * {@code $aws/events/thingGroup/{groupName}/created|updated|deleted}.
     *
     * @param versionNumber the group's AWS version
     * @param revision the group revision of the write: the record's resource version
     * @param parentGroupName {@code null} for a root group
     * @param rootToParent the group's ancestors from the root to its parent, empty for a root group
     */
    public Event thingGroup(
            Change change,
            String groupId,
            String groupName,
            long versionNumber,
            long revision,
            String parentGroupName,
            String parentGroupId,
            String description,
            List<Ancestor> rootToParent,
            Map<String, String> attributes,
            Instant at) {
        String eventId = UUID.randomUUID().toString();
        ObjectNode payload = header("THING_GROUP_EVENT", eventId, at, change.name());
        payload.put("thingGroupId", groupId);
        payload.put("thingGroupName", groupName);
        payload.put("versionNumber", versionNumber);
        payload.put("parentGroupName", parentGroupName);
        payload.put("parentGroupId", parentGroupId);
        payload.put("description", description);
        ArrayNode ancestors = payload.putArray("rootToParentThingGroups");
        rootToParent.forEach(ancestor ->
                ancestors.addObject().put("groupArn", ancestor.groupArn()).put("groupId", ancestor.groupId()));
        ObjectNode attributeNode = payload.putObject("attributes");
        attributes.forEach(attributeNode::put);
        payload.putNull("dynamicGroupMappingId");
        return new Event(
                THING_GROUP_TOPIC,
                groupName,
                "$aws/events/thingGroup/" + groupName + "/" + topicSuffix(change),
                eventId,
                revision,
                payload);
    }

    /**
     * {@code $aws/events/thingGroupMembership/thingGroup/{groupName}/thing/{thingName}/added|removed}, keyed by the
     * thing.
     *
     * @param revision the group revision of this membership change
     */
    public Event thingGroupMembership(
            Link link,
            String groupName,
            String groupArn,
            String groupId,
            String thingName,
            String thingArn,
            String thingId,
            String membershipId,
            long revision,
            Instant at) {
        String eventId = UUID.randomUUID().toString();
        ObjectNode payload = header("THING_GROUP_MEMBERSHIP_EVENT", eventId, at, link.name());
        payload.put("groupArn", groupArn);
        payload.put("groupId", groupId);
        payload.put("thingArn", thingArn);
        payload.put("thingId", thingId);
        payload.put("membershipId", membershipId);
        return new Event(
                THING_GROUP_MEMBERSHIP_TOPIC,
                thingName,
                "$aws/events/thingGroupMembership/thingGroup/" + groupName + "/thing/" + thingName + "/"
                        + topicSuffix(link),
                eventId,
                revision,
                payload);
    }

    /**
     * {@code $aws/events/thingGroupHierarchy/thingGroup/{parentName}/childThingGroup/{childName}/added|removed}, keyed
     * by the parent.
     *
     * @param revision the group revision of the child's creation or deletion
     */
    public Event thingGroupHierarchy(
            Link link,
            String parentGroupId,
            String parentGroupName,
            String childGroupId,
            String childGroupName,
            long revision,
            Instant at) {
        String eventId = UUID.randomUUID().toString();
        ObjectNode payload = header("THING_GROUP_HIERARCHY_EVENT", eventId, at, link.name());
        payload.put("thingGroupId", parentGroupId);
        payload.put("thingGroupName", parentGroupName);
        payload.put("childGroupId", childGroupId);
        payload.put("childGroupName", childGroupName);
        return new Event(
                THING_GROUP_HIERARCHY_TOPIC,
                parentGroupName,
                "$aws/events/thingGroupHierarchy/thingGroup/" + parentGroupName + "/childThingGroup/" + childGroupName
                        + "/" + topicSuffix(link),
                eventId,
                revision,
                payload);
    }

    private static String topicSuffix(Enum<?> operation) {
        return operation.name().toLowerCase(Locale.ROOT);
    }

    private ObjectNode header(String eventType, String eventId, Instant at, String operation) {
        ObjectNode payload = JSON.createObjectNode();
        payload.put("eventType", eventType);
        payload.put("eventId", eventId);
        payload.put("timestamp", at.toEpochMilli());
        payload.put("operation", operation);
        payload.put("accountId", accountId);
        return payload;
    }
}

package io.iotdm.indexing.thing;

import com.fasterxml.jackson.databind.JsonNode;
import io.iotdm.indexing.index.ThingIndex;
import java.util.Map;

/**
 * A thing's membership part ({@link Part#membership}) from a THING_GROUP_MEMBERSHIP event of
 * {@code aws.events.thingGroupMembership}: the group and thing names come from the MQTT topic (the payload carries
 * ARNs and ids only), the version is the group service's revision of this (thing, group) pair, a removal deletes the
 * part.
 */
public final class MembershipDocuments {

    private MembershipDocuments() {}

    /**
     * @param event    the payload: {@code eventType, operation, groupArn, groupId, thingArn, thingId, membershipId,
     *                 timestamp}
     * @param revision the group service's revision of the change (the record's {@code resource-version})
     */
    public static PartUpdate fromMembershipEvent(
            String groupName, String thingName, boolean added, JsonNode event, long revision) {
        long timestamp = event.path("timestamp").canConvertToLong()
                ? event.path("timestamp").asLong()
                : -1;
        return new PartUpdate(
                thingName,
                Part.membership(groupName),
                new PartVersion(revision, timestamp, !added),
                Map.of(ThingIndex.THING_NAME, thingName));
    }
}

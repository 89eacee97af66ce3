package io.iotdm.indexing.rebuild;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iotdm.grpc.group.v1.GroupRecord;
import io.iotdm.grpc.group.v1.MembershipRecord;
import io.iotdm.grpc.registry.v1.ShadowRecord;
import io.iotdm.grpc.registry.v1.ThingRecord;
import io.iotdm.indexing.config.IndexingSettings;
import io.iotdm.indexing.group.GroupDocuments;
import io.iotdm.indexing.thing.MembershipDocuments;
import io.iotdm.indexing.thing.PartUpdate;
import io.iotdm.indexing.thing.RegistryDocuments;
import io.iotdm.indexing.thing.ShadowDocuments;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A record of a system of record's stream as the part updates its events would have made: a thing of the registry's
 * as the registry part of a THING event at the thing's revision and each shadow as its {@code update/documents}
 * message at its version; a group or a membership of the group-service's as its event at its revision. So a document
 * built from a stream is the one the topics build, and the versions order the stream against the events that the
 * consumer writes into the same index meanwhile.
 */
final class SnapshotDocuments {

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS) // as the consumer reads shadows
            .build();

    private SnapshotDocuments() {}

    static List<PartUpdate> of(ThingRecord thing, IndexingSettings settings) {
        List<PartUpdate> parts = new ArrayList<>(1 + thing.getShadowsCount());
        ObjectNode event = JSON.createObjectNode()
                .put("eventType", "THING_EVENT")
                .put("operation", "CREATED")
                .put("thingName", thing.getThingName())
                .put("thingId", thing.getThingId())
                .put("versionNumber", thing.getVersion())
                .put("timestamp", thing.getLastModifiedMillis());
        if (!thing.getThingTypeName().isEmpty()) {
            event.put("thingTypeName", thing.getThingTypeName());
        }
        ObjectNode attributes = event.putObject("attributes");
        thing.getAttributesMap().forEach(attributes::put);
        parts.add(RegistryDocuments.fromThingEvent(event, thing.getRevision()));
        for (ShadowRecord shadow : thing.getShadowsList()) {
            String shadowName = shadow.getShadowName().isEmpty() ? null : shadow.getShadowName();
            PartUpdate update =
                    ShadowDocuments.updated(thing.getThingName(), shadowName, shadow.getVersion(), documents(shadow));
            if (settings.stores(update.part())) {
                parts.add(update);
            }
        }
        return parts;
    }

    /** A group of the group-service's stream as its THING_GROUP event at the group's revision would make it. */
    static PartUpdate of(GroupRecord group) {
        ObjectNode event = JSON.createObjectNode()
                .put("eventType", "THING_GROUP_EVENT")
                .put("operation", "CREATED")
                .put("thingGroupName", group.getGroupName())
                .put("thingGroupId", group.getGroupId())
                .put("versionNumber", group.getVersion())
                .put("parentGroupName", group.getParentGroupName())
                .put("description", group.getDescription())
                .put("timestamp", group.getLastModifiedMillis());
        ArrayNode ancestors = event.putArray("rootToParentThingGroups");
        group.getRootToParentList().forEach(ancestor -> ancestors
                .addObject()
                .put("groupArn", ancestor.getGroupArn())
                .put("groupId", ancestor.getGroupId()));
        ObjectNode attributes = event.putObject("attributes");
        group.getAttributesMap().forEach(attributes::put);
        return GroupDocuments.fromGroupEvent(event, group.getRevision());
    }

    /** A membership of the group-service's stream as its ADDED event would make it (the stream has no timestamps). */
    static PartUpdate of(MembershipRecord membership) {
        return MembershipDocuments.fromMembershipEvent(
                membership.getGroupName(),
                membership.getThingName(),
                true,
                JSON.createObjectNode(),
                membership.getRevision());
    }

    /** {@code {current, timestamp}}: the members of an update/documents message that the index reads. */
    private static ObjectNode documents(ShadowRecord shadow) {
        try {
            ObjectNode documents = JSON.createObjectNode();
            documents.set("current", JSON.readTree(shadow.getCurrentDocument().toByteArray()));
            documents.put("timestamp", shadow.getTimestamp());
            return documents;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package io.iotdm.indexing.group;

import com.fasterxml.jackson.databind.JsonNode;
import io.iotdm.indexing.index.GroupIndex;
import io.iotdm.indexing.index.ThingIndex;
import io.iotdm.indexing.thing.IndexedValues;
import io.iotdm.indexing.thing.Part;
import io.iotdm.indexing.thing.PartUpdate;
import io.iotdm.indexing.thing.PartVersion;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A thing group's document ({@link GroupIndex}) from a THING_GROUP event of {@code aws.events.thingGroup}, versioned
 * by the group service's revision; a deletion leaves a tombstone ({@code live: false}) so that a late, older event
 * cannot bring the group back.
 */
public final class GroupDocuments {

    /** The resource part of a thing group's ARN: {@code arn:aws:iot:<region>:<account>:thinggroup/<name>}. */
    private static final String ARN_RESOURCE = ":thinggroup/";

    private GroupDocuments() {}

    /**
     * @param event    {@code operation, thingGroupId, thingGroupName, versionNumber, parentGroupName, description,
     *                 rootToParentThingGroups[{groupArn, groupId}], attributes, timestamp}
     * @param revision the group service's revision of the change (the record's {@code resource-version})
     */
    public static PartUpdate fromGroupEvent(JsonNode event, long revision) {
        String groupName = text(event, "thingGroupName");
        if (groupName == null || groupName.isEmpty()) {
            throw new IllegalArgumentException("THING_GROUP event without thingGroupName");
        }
        String operation = text(event, "operation");
        boolean deleted;
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put(GroupIndex.THING_GROUP_NAME, groupName);
        switch (operation == null ? "" : operation) {
            case "CREATED", "UPDATED" -> {
                deleted = false;
                putIfPresent(fields, GroupIndex.THING_GROUP_ID, text(event, "thingGroupId"));
                putIfPresent(fields, GroupIndex.THING_GROUP_DESCRIPTION, text(event, "description"));
                if (event.path("versionNumber").canConvertToLong()) {
                    fields.put(GroupIndex.VERSION, event.path("versionNumber").asLong());
                }
                for (Map.Entry<String, JsonNode> attribute :
                        event.path("attributes").properties()) {
                    if (attribute.getValue().isValueNode()
                            && !attribute.getValue().isNull()) {
                        IndexedValues.addAttribute(
                                attribute.getKey(), attribute.getValue().asText(), fields);
                    }
                }
                List<String> parents = parentGroupNames(event);
                if (!parents.isEmpty()) {
                    fields.put(GroupIndex.PARENT_GROUP_NAMES, parents);
                }
            }
            case "DELETED" -> deleted = true;
            default -> throw new IllegalArgumentException("THING_GROUP event with operation " + operation);
        }
        fields.put(ThingIndex.LIVE, !deleted);
        long timestamp = event.path("timestamp").canConvertToLong()
                ? event.path("timestamp").asLong()
                : -1;
        return new PartUpdate(groupName, Part.thingGroup(), new PartVersion(revision, timestamp, deleted), fields);
    }

    /** The ancestors, root first: the names in the ARNs of {@code rootToParentThingGroups}, and the parent's. */
    private static List<String> parentGroupNames(JsonNode event) {
        List<String> names = new ArrayList<>();
        for (JsonNode ancestor : event.path("rootToParentThingGroups")) {
            String arn = ancestor.path("groupArn").asText("");
            int resource = arn.indexOf(ARN_RESOURCE);
            if (resource >= 0) {
                names.add(arn.substring(resource + ARN_RESOURCE.length()));
            }
        }
        String parent = text(event, "parentGroupName");
        if (parent != null && !parent.isEmpty() && !names.contains(parent)) {
            names.add(parent);
        }
        return names;
    }

    private static String text(JsonNode event, String member) {
        JsonNode value = event.get(member);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static void putIfPresent(Map<String, Object> fields, String field, String value) {
        if (value != null && !value.isEmpty()) {
            fields.put(field, value);
        }
    }
}

package io.iotdm.group.thinggroup;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iotdm.aws.protocol.Arns;
import io.iotdm.aws.protocol.Timestamps;
import io.iotdm.group.store.ThingGroup;

/** Thing groups as the model's output shapes spell them. */
final class ThingGroupJson {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ThingGroupJson() {}

    /** {@code DescribeThingGroupResponse}. */
    static ObjectNode described(ThingGroup group, Arns arns) {
        ObjectNode json = NODES.objectNode();
        json.put("thingGroupName", group.name());
        json.put("thingGroupId", group.id());
        json.put("thingGroupArn", arns.thingGroup(group.name()));
        json.put("version", group.version());
        ObjectNode properties = json.putObject("thingGroupProperties");
        if (group.description() != null) {
            properties.put("thingGroupDescription", group.description());
        }
        if (!group.attributes().isEmpty()) {
            ObjectNode attributes = properties.putObject("attributePayload").putObject("attributes");
            group.attributes().forEach(attributes::put);
        }
        ObjectNode metadata = json.putObject("thingGroupMetadata");
        if (group.parentName() != null) {
            metadata.put("parentGroupName", group.parentName());
            ArrayNode ancestry = metadata.putArray("rootToParentThingGroups");
            group.ancestors()
                    .forEach(ancestor ->
                            ancestry.addObject().put("groupName", ancestor).put("groupArn", arns.thingGroup(ancestor)));
        }
        metadata.put("creationDate", Timestamps.epochSeconds(group.creationDate()));
        if (group.isDynamic()) {
            json.put("indexName", group.dynamic().indexName());
            json.put("queryString", group.dynamic().queryString());
            json.put("queryVersion", group.dynamic().queryVersion());
            json.put("status", group.dynamic().status());
        }
        return json;
    }

    /** {@code GroupNameAndArn}, an entry of ListThingGroups. */
    static ObjectNode listed(ThingGroup group, Arns arns) {
        return NODES.objectNode().put("groupName", group.name()).put("groupArn", arns.thingGroup(group.name()));
    }
}

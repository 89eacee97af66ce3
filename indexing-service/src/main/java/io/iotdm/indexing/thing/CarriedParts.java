package io.iotdm.indexing.thing;

import com.fasterxml.jackson.databind.JsonNode;
import io.iotdm.indexing.index.ThingIndex;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parts of a thing's document that no system of record streams, so that a rebuild carries them over from the index
 * it replaces: connectivity (the presence events' only keeper is the index) and the bookkeeping of removed group
 * memberships (the group-service streams the memberships that exist; a removal's version keeps a replayed older
 * addition out). Read back from a stored document as the part updates that made them, with their versions, so that
 * the part script orders them against events that reach the new index meanwhile.
 */
public final class CarriedParts {

    /** Documents that hold one of these parts have one of these fields. */
    public static final List<String> SYNC_VERSIONS =
            List.of(Part.connectivity().sync() + "version", MembershipVersions.FIELD);

    /** What {@link #of} reads of a stored document. */
    public static final List<String> SOURCE_FIELDS = List.of(
            ThingIndex.THING_NAME, "connectivity.*", Part.connectivity().sync() + "*", MembershipVersions.FIELD);

    private CarriedParts() {}

    /** The carried parts a stored document holds: its connectivity, its memberships' removals. */
    public static List<PartUpdate> of(String thingName, JsonNode source) {
        List<PartUpdate> parts = new ArrayList<>();
        if (source.has(Part.connectivity().sync() + "version")) {
            parts.add(read(thingName, Part.connectivity(), source));
        }
        MembershipVersions.of(source.get(MembershipVersions.FIELD)).forEach((group, version) -> {
            if (version.deleted()) {
                parts.add(new PartUpdate(
                        thingName, Part.membership(group), version, Map.of(ThingIndex.THING_NAME, thingName)));
            }
        });
        return parts;
    }

    /** The part's fields as stored (connectivity holds single values) and its bookkeeping. */
    private static PartUpdate read(String thingName, Part part, JsonNode source) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put(ThingIndex.THING_NAME, thingName);
        for (Map.Entry<String, JsonNode> field : source.properties()) {
            String key = field.getKey();
            boolean owned = part.removeKeys().contains(key)
                    || part.removePrefixes().stream().anyMatch(key::startsWith);
            if (owned && field.getValue().isValueNode() && !field.getValue().isNull()) {
                fields.put(key, scalar(field.getValue()));
            }
        }
        PartVersion version = new PartVersion(
                source.path(part.sync() + "version").asLong(),
                source.path(part.sync() + "timestamp").asLong(-1),
                source.path(part.sync() + "deleted").asBoolean(false));
        return new PartUpdate(thingName, part, version, fields);
    }

    private static Object scalar(JsonNode value) {
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        return value.isIntegralNumber() ? (Object) value.longValue() : value.asText();
    }
}

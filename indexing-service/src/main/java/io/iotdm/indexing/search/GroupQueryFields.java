package io.iotdm.indexing.search;

import io.iotdm.indexing.index.GroupIndex;
import io.iotdm.indexing.index.ThingIndex;
import io.iotdm.indexing.search.QueryTranslator.Field;
import io.iotdm.indexing.search.QueryTranslator.Kind;
import java.util.List;

/**
 * The query fields of {@code AWS_ThingGroups}: the members of AWS's ThingGroupDocument ({@code thingGroupName},
 * {@code thingGroupId}, {@code thingGroupDescription}, {@code parentGroupNames}, {@code attributes.<a>}), all
 * keywords (attribute numbers with their numeric twin, as for things). Unfielded terms search all of them.
 */
public final class GroupQueryFields implements QueryFields {

    public static final GroupQueryFields INSTANCE = new GroupQueryFields();

    private static final List<String> NAME_FIELDS = List.of(
            GroupIndex.THING_GROUP_NAME,
            GroupIndex.THING_GROUP_ID,
            GroupIndex.THING_GROUP_DESCRIPTION,
            GroupIndex.PARENT_GROUP_NAMES);

    private static final List<String> UNFIELDED_PATTERNS = List.of(
            GroupIndex.THING_GROUP_NAME,
            GroupIndex.THING_GROUP_ID,
            GroupIndex.THING_GROUP_DESCRIPTION,
            GroupIndex.PARENT_GROUP_NAMES,
            ThingIndex.ATTRIBUTES + "*");

    private GroupQueryFields() {}

    @Override
    public Field resolve(String name) {
        if (NAME_FIELDS.contains(name)) {
            return new Field(name, Kind.KEYWORD, false);
        }
        if (name.startsWith(ThingIndex.ATTRIBUTES)
                && QueryFields.isPath(name.substring(ThingIndex.ATTRIBUTES.length()))) {
            return new Field(name, Kind.KEYWORD, false);
        }
        return null;
    }

    @Override
    public boolean isUnfielded(String field) {
        return NAME_FIELDS.contains(field) || field.startsWith(ThingIndex.ATTRIBUTES);
    }

    @Override
    public List<String> unfieldedPatterns() {
        return UNFIELDED_PATTERNS;
    }

    @Override
    public List<String> nameFields() {
        return NAME_FIELDS;
    }
}

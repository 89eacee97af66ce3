package io.iotdm.indexing.index;

/**
 * The fleet index of thing groups: AWS's {@code AWS_ThingGroups}, in OpenSearch the physical index {@value #PHYSICAL}
 * behind the alias {@value #ALIAS}, which shows live groups only. Kept from THING_GROUP events whatever the
 * configuration says, and filled from the group-service's groups whenever it is created anew; {@code
 * thingGroupIndexingMode} only decides whether the API shows it.
 *
 * <p>One document per group, id = group name, flat field names as in {@link ThingIndex}:
 *
 * <pre>
 * thingGroupName, thingGroupId                keyword
 * thingGroupDescription                       keyword
 * attributes.&lt;name&gt;, numeric.attributes.&lt;name&gt; keyword and its double twin, as for things
 * parentGroupNames                            keyword list: the ancestors, root first
 * version                                     long, the group's AWS version (not searchable, as AWS's)
 * live, sync.thingGroup.*                     bookkeeping: a deleted group keeps a tombstone (live: false)
 * </pre>
 */
public final class GroupIndex {

    public static final String AWS_NAME = "AWS_ThingGroups";

    public static final String ALIAS = "aws_thing_groups";

    public static final String PHYSICAL = "aws_thing_groups_v1";

    /** The create-index body: settings, mappings and the alias. */
    static final String DEFINITION_RESOURCE = "index/aws_thing_groups_v1.json";

    public static final String THING_GROUP_NAME = "thingGroupName";
    public static final String THING_GROUP_ID = "thingGroupId";
    public static final String THING_GROUP_DESCRIPTION = "thingGroupDescription";
    public static final String PARENT_GROUP_NAMES = "parentGroupNames";
    public static final String VERSION = "version";

    private GroupIndex() {}
}

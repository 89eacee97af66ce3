package io.iotdm.indexing.index;

/**
 * The fleet index of things: AWS's {@code AWS_Things}, in OpenSearch a physical index {@code aws_things_v<n>} behind
 * the alias {@value #ALIAS} (OpenSearch index names are lower case). A rebuild fills {@code aws_things_v<n+1>} and moves
 * the alias ({@link io.iotdm.indexing.rebuild.RebuildCoordinator}). The mapping is {@code index/aws_things_v1.json}.
 *
 * <h2>One document per thing, id = thing name, every field name literal</h2>
 *
 * The mapping sets {@code disable_objects}: a dotted name is one field, not a path of objects. The service writes
 * every field flat, already named as AWS's query language names it ({@code attributes.serial.no},
 * {@code shadow.reported.cfg.mode}, {@code shadow.name.ota.desired.url}), so two things whose shadows disagree on
 * whether {@code a} is a value or an object ({@code a} and {@code a.b}) never make each other's documents fail, and
 * {@code {"a":{"b":1}}} and {@code {"a.b":1}} index alike, as AWS says they do.
 *
 * <pre>
 * thingName, thingId, thingTypeName           keyword (exact; match case-insensitively with case_insensitive)
 * thingGroupNames                             keyword list, the groups the thing is in (membership parts)
 * registry.version                            long, the thing's AWS version
 * attributes.&lt;name&gt;                           keyword, the attribute's value
 * shadow.reported|desired|delta.&lt;path&gt;        keyword (arrays of simple values: one value per element)
 * shadow.hasDelta, shadow.version             boolean, long
 * shadow.name.&lt;s&gt;.reported|desired.&lt;path&gt;    keyword; shadow.name.&lt;s&gt;.hasDelta|version boolean|long
 * numeric.&lt;field&gt;                            double, for each field above whose value is a number:
 *                                             JSON numbers in shadows, attribute values that read as one
 * connectivity.connected                      boolean, false until a presence event sets it (connectivity part)
 * connectivity.timestamp, .disconnectReason   long (epoch ms of the presence event), keyword (disconnects only)
 * shadowDocument.classic, shadowDocument.name.&lt;s&gt;
 *                                             not indexed: the shadow as SearchIndex returns it (JSON text of
 *                                             desired, reported, metadata, hasDelta, version, timestamp)
 * live                                        boolean: the thing exists in the registry
 * sync.*                                      bookkeeping of the versions applied, see thing.Part
 * sync.memberships                            keyword list, the memberships' bookkeeping, one entry per group (a
 *                                             removed membership's stays), see thing.MembershipVersions
 * </pre>
 *
 * A number is a keyword too (its JSON text), so {@code field:value} and wildcards match it as AWS does, and
 * {@code numeric.<field>} serves ranges and comparisons. Keeping the number apart (rather than as a sub-field)
 * means no sub-field name can collide with a literal field of the same name ({@code temp} and {@code temp.num}).
 * Keywords hold values as sent; AWS matches values case-insensitively, which the query side gets with
 * {@code case_insensitive} on term, prefix and wildcard queries, while aggregations return the original values.
 *
 * <h2>Live things and tombstones</h2>
 *
 * A deleted thing keeps a small document ({@code live: false}, the revision of its deletion, and its shadows, which
 * outlive the thing in the registry too): that is what makes a late, older update of it harmless. A shadow of a
 * thing that is not registered has such a document too. The alias {@value #ALIAS} filters on {@code live: true}, so
 * searches, counts and aggregations through it see registered things only; a GET by id does not apply alias filters.
 */
public final class ThingIndex {

    /** The index name of the AWS API (ListIndices, DescribeIndex, SearchIndex's default). */
    public static final String AWS_NAME = "AWS_Things";

    /** Search through this alias (it shows live things only) and write through it. */
    public static final String ALIAS = "aws_things";

    /** Writes of the consumer reach an index being built through this alias (not searched: it has no filter). */
    public static final String BUILD_ALIAS = "aws_things_rebuild";

    /** Physical indices are this prefix and their generation; the first is {@code aws_things_v1}. */
    public static final String PHYSICAL_PREFIX = "aws_things_v";

    /** The create-index body: settings, mappings and the alias. */
    static final String DEFINITION_RESOURCE = "index/aws_things_v1.json";

    public static final String THING_NAME = "thingName";
    public static final String THING_ID = "thingId";
    public static final String THING_TYPE_NAME = "thingTypeName";
    public static final String THING_GROUP_NAMES = "thingGroupNames";
    public static final String REGISTRY_VERSION = "registry.version";
    public static final String ATTRIBUTES = "attributes.";
    public static final String SHADOW = "shadow.";
    public static final String NAMED_SHADOWS = "shadow.name.";
    public static final String CONNECTED = "connectivity.connected";
    public static final String CONNECTIVITY_TIMESTAMP = "connectivity.timestamp";
    public static final String DISCONNECT_REASON = "connectivity.disconnectReason";
    public static final String LIVE = "live";
    public static final String SHADOW_DOCUMENT_CLASSIC = "shadowDocument.classic";
    public static final String SHADOW_DOCUMENTS_NAMED = "shadowDocument.name.";

    /** Prefix of the numeric twin of a field. */
    public static final String NUMERIC = "numeric.";

    private ThingIndex() {}

    /** The physical index of a generation. */
    public static String physical(long generation) {
        return PHYSICAL_PREFIX + generation;
    }

    /** {@code numeric.<field>}: the double value of a field whose value is a number. */
    public static String numeric(String field) {
        return NUMERIC + field;
    }

    /** Whether a keyword field can have a numeric twin: only attribute and shadow values can be numbers. */
    public static boolean mayBeNumber(String field) {
        return field.startsWith(ATTRIBUTES) || field.startsWith(SHADOW);
    }

    /** {@code attributes.<name>}. */
    public static String attribute(String name) {
        return ATTRIBUTES + name;
    }

    /** {@code shadow.} for the classic shadow, {@code shadow.name.<s>.} for a named one. */
    public static String shadowPrefix(String shadowName) {
        return shadowName == null ? SHADOW : NAMED_SHADOWS + shadowName + ".";
    }

    /** The not-indexed field that holds a shadow as SearchIndex returns it. */
    public static String shadowDocument(String shadowName) {
        return shadowName == null ? SHADOW_DOCUMENT_CLASSIC : SHADOW_DOCUMENTS_NAMED + shadowName;
    }
}

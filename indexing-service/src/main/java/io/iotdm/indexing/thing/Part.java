package io.iotdm.indexing.thing;

import io.iotdm.indexing.index.GroupIndex;
import io.iotdm.indexing.index.ThingIndex;
import java.util.List;
import java.util.Map;

/**
 * One independently versioned part of a thing's document (or the one part of a thing group's document, {@link
 * #thingGroup()}). A change replaces the whole part: the fields under
 * {@code removePrefixes} and {@code removeKeys} go, the change's fields come in, and {@code <sync>version},
 * {@code <sync>timestamp}, {@code <sync>deleted} record where the part now stands (see {@link PartVersion}).
 *
 * <p>Why parts, rather than one OpenSearch external version per document: the registry's revision and each shadow's
 * version are separate sequences, so no single number orders every change of a document; and why one document with
 * parts, rather than one document per source: AWS queries combine registry and shadow fields in one boolean
 * expression ({@code attributes.model:x AND shadow.reported.temp > 30}), which a per-source layout could only answer
 * with joins. The check and the replacement run in one scripted update, which OpenSearch applies atomically per
 * document (re-running it on a concurrent write, {@code retry_on_conflict}), so parts fed by different consumers stay
 * consistent.
 *
 * @param name           for logs: {@code registry}, {@code shadow}, {@code shadow:<name>}
 * @param sync           prefix of this part's bookkeeping fields (a membership's: its identity, see
 *                       {@link MembershipVersions})
 * @param generationGap  seconds that separate two generations of this part, 0 if it has none ({@link PartVersion})
 * @param removePrefixes fields that belong to this part, by prefix
 * @param removeKeys     fields that belong to this part, by name
 * @param defaults       fields set when the document lacks them (a new document, or one another part started)
 * @param member         for a part that is one value of a list field shared by several parts (a thing's membership
 *                       in one group, in {@code thingGroupNames}): that value, in the list unless the change deleted
 *                       the part; {@code null} for the other parts
 */
public record Part(
        String name,
        String sync,
        long generationGap,
        List<String> removePrefixes,
        List<String> removeKeys,
        Map<String, Object> defaults,
        Member member) {

    /** The value {@code value} of the list field {@code field}. */
    public record Member(String field, String value) {}

    /** The name of a named shadow's part is this prefix and the shadow's name. */
    public static final String NAMED_SHADOW_PREFIX = "shadow:";

    /** The name of a group membership's part is this prefix and the group's name. */
    public static final String MEMBERSHIP_PREFIX = "group:";

    /**
     * A group membership's part is named by this prefix, the group's name and a dot; its bookkeeping is an entry of
     * {@link MembershipVersions#FIELD}, not fields under this prefix.
     */
    private static final String MEMBERSHIP_SYNC = "sync.group.";

    /** AWS: a shadow re-created within 48 hours of its deletion continues its version; later it starts over. */
    public static final long SHADOW_GENERATION_GAP_SECONDS = 48L * 60 * 60;

    private static final Part REGISTRY = new Part(
            "registry",
            "sync.registry.",
            0,
            List.of(ThingIndex.ATTRIBUTES, ThingIndex.numeric(ThingIndex.ATTRIBUTES)),
            List.of(ThingIndex.THING_ID, ThingIndex.THING_TYPE_NAME, ThingIndex.REGISTRY_VERSION),
            // never-connected things show connected:false (AWS); presence events will own this field
            Map.of(ThingIndex.CONNECTED, false),
            null);

    private static final Part CONNECTIVITY = new Part(
            "connectivity",
            "sync.connectivity.",
            0,
            List.of(),
            List.of(ThingIndex.CONNECTED, ThingIndex.CONNECTIVITY_TIMESTAMP, ThingIndex.DISCONNECT_REASON),
            Map.of(ThingIndex.LIVE, false),
            null);

    private static final Part THING_GROUP = new Part(
            "thingGroup",
            "sync.thingGroup.",
            0,
            List.of(ThingIndex.ATTRIBUTES, ThingIndex.numeric(ThingIndex.ATTRIBUTES)),
            List.of(
                    GroupIndex.THING_GROUP_ID,
                    GroupIndex.THING_GROUP_DESCRIPTION,
                    GroupIndex.PARENT_GROUP_NAMES,
                    GroupIndex.VERSION),
            Map.of(),
            null);

    /** A thing group's document in {@link GroupIndex}, whole: versioned by the group service's revision. */
    public static Part thingGroup() {
        return THING_GROUP;
    }

    /** Whether this part belongs to {@link GroupIndex} rather than to the thing index. */
    public boolean isThingGroup() {
        return this.equals(THING_GROUP);
    }

    /** connectivity.connected, connectivity.timestamp, connectivity.disconnectReason, from presence events. */
    public static Part connectivity() {
        return CONNECTIVITY;
    }

    /** thingName, thingId, thingTypeName, attributes, registry.version and live. */
    public static Part registry() {
        return REGISTRY;
    }

    /** The classic shadow ({@code shadowName == null}) or a named one. */
    public static Part shadow(String shadowName) {
        String prefix = ThingIndex.shadowPrefix(shadowName);
        List<String> prefixes = shadowName == null
                ? List.of(
                        prefix + "desired.",
                        prefix + "reported.",
                        prefix + "delta.",
                        ThingIndex.numeric(prefix + "desired."),
                        ThingIndex.numeric(prefix + "reported."),
                        ThingIndex.numeric(prefix + "delta."))
                : List.of(prefix, ThingIndex.numeric(prefix));
        List<String> keys = shadowName == null
                ? List.of(prefix + "version", prefix + "hasDelta", ThingIndex.shadowDocument(null))
                : List.of(ThingIndex.shadowDocument(shadowName));
        return new Part(
                shadowName == null ? "shadow" : NAMED_SHADOW_PREFIX + shadowName,
                shadowName == null ? "sync.shadow." : "sync.shadow.name." + shadowName + ".",
                SHADOW_GENERATION_GAP_SECONDS,
                prefixes,
                keys,
                Map.of(ThingIndex.LIVE, false),
                null);
    }

    /**
     * The thing's membership in one group: {@code groupName} in {@code thingGroupNames} unless removed. Each
     * (thing, group) pair is a part of its own, versioned by the group service's revision of its last change, so that
     * memberships of different groups never order each other and a removal's bookkeeping stays behind (a late, older
     * add cannot bring the group back).
     */
    public static Part membership(String groupName) {
        return new Part(
                MEMBERSHIP_PREFIX + groupName,
                MEMBERSHIP_SYNC + groupName + ".",
                0,
                List.of(),
                List.of(),
                Map.of(ThingIndex.LIVE, false),
                new Member(ThingIndex.THING_GROUP_NAMES, groupName));
    }
}

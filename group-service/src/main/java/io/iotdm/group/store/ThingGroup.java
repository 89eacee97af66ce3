package io.iotdm.group.store;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A thing group: static, or dynamic when {@link #dynamic()} is set.
 *
 * @param parentName {@code null} for a root group
 * @param ancestors the names of the group's ancestors from the root to its parent; empty for a root group. Fixed at
 *     creation, as parents and names are.
 * @param ancestorIds the ids of those ancestors, in the same order
 * @param description {@code null} when the group has none
 * @param version AWS's version: 1 at creation, +1 per update
 * @param revision the group revision of the group's last write; its THING_GROUP events carry it
 * @param dynamic the query and state of a dynamic group, {@code null} for a static group
 * @param deleting whether the group is being deleted: gone for every operation while its members leave
 */
public record ThingGroup(
        String name,
        String id,
        String parentName,
        List<String> ancestors,
        List<String> ancestorIds,
        String description,
        Map<String, String> attributes,
        long version,
        long revision,
        Instant creationDate,
        Instant lastModified,
        Dynamic dynamic,
        boolean deleting) {

    /**
     * What makes a group dynamic (docs/aws-behaviour.md §1.5).
     *
     * @param status BUILDING, REBUILDING or ACTIVE
     * @param queryRevision the group revision of the write that set the current query
     * @param creationRevision the group revision of the group's creation: older dynamic groups win
     * @param backfillDone things of the running backfill applied so far, {@code null} when none runs
     * @param backfillTotal things the running backfill will apply, {@code null} when unknown
     */
    public record Dynamic(
            String queryString,
            String queryVersion,
            String indexName,
            String status,
            long queryRevision,
            long creationRevision,
            Long backfillDone,
            Long backfillTotal) {

        public static final String BUILDING = "BUILDING";
        public static final String REBUILDING = "REBUILDING";
        public static final String ACTIVE = "ACTIVE";
    }

    public boolean isDynamic() {
        return dynamic != null;
    }

    public ThingGroup {
        ancestors = List.copyOf(ancestors);
        ancestorIds = List.copyOf(ancestorIds);
        attributes = Map.copyOf(attributes);
    }

    /** The level of the group in its hierarchy: 1 for a root group. */
    public int depth() {
        return ancestors.size() + 1;
    }

    /** The root group of the group's hierarchy: the group itself for a root group. */
    public String root() {
        return ancestors.isEmpty() ? name : ancestors.getFirst();
    }

    /** @return the parent's id, {@code null} for a root group */
    public String parentId() {
        return ancestorIds.isEmpty() ? null : ancestorIds.getLast();
    }

    /** Whether a create with these properties repeats the creation of this group (AWS then answers 200). */
    public boolean sameProperties(String otherParent, String otherDescription, Map<String, String> otherAttributes) {
        return Objects.equals(parentName, otherParent)
                && Objects.equals(description, otherDescription)
                && attributes.equals(otherAttributes);
    }
}

package io.iotdm.indexing.dynamic;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iotdm.events.DynamicGroupMessages.DocumentVersion;
import io.iotdm.indexing.index.ThingIndex;

/**
 * A thing document as a write to the live thing index left it: its physical index, its sequence number and primary
 * term, its source (without the shadow documents and the bookkeeping, which no query reads), and whether the write
 * changed nothing but the thing's group memberships.
 */
public record IndexedThing(
        String id, String index, long seqNo, long primaryTerm, ObjectNode source, boolean membershipsOnly) {

    /** Two writes of one document in one bulk: the later one's document, memberships only if both were. */
    IndexedThing and(IndexedThing other) {
        IndexedThing later = other.seqNo >= seqNo ? other : this;
        return new IndexedThing(
                later.id,
                later.index,
                later.seqNo,
                later.primaryTerm,
                later.source,
                membershipsOnly && other.membershipsOnly);
    }

    /** The version decisions and StreamMatches carry: the generation of {@code aws_things_v<n>}, then term and seq. */
    public DocumentVersion version() {
        return new DocumentVersion(generation(index), primaryTerm, seqNo);
    }

    public boolean live() {
        return source.path(ThingIndex.LIVE).asBoolean(false);
    }

    static long generation(String physicalIndex) {
        if (physicalIndex == null || !physicalIndex.startsWith(ThingIndex.PHYSICAL_PREFIX)) {
            return 0;
        }
        try {
            return Long.parseLong(physicalIndex.substring(ThingIndex.PHYSICAL_PREFIX.length()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}

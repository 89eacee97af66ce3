package io.iotdm.indexing.thing;

import java.util.Map;

/**
 * One change to one part of one document (a thing's, or a thing group's), as the consumer writes it.
 *
 * @param id     the document id: the thing's name, or the group's
 * @param fields the part's new fields, flat and named as in {@link io.iotdm.indexing.index.ThingIndex} (or
 *               {@link io.iotdm.indexing.index.GroupIndex}); values are String, Boolean, Number or a List of those
 */
public record PartUpdate(String id, Part part, PartVersion version, Map<String, Object> fields) {

    /** Whether this change comes after {@code other}, a change of the same part. */
    public boolean isNewerThan(PartUpdate other) {
        return version.isNewerThan(other.version, part.generationGap());
    }
}

package io.iotdm.indexing.thing;

import java.util.Map;

/**
 * One change to one part of one thing's document, as the consumer writes it.
 *
 * @param thingName the document id
 * @param fields    the part's new fields, flat and named as in {@link io.iotdm.indexing.index.ThingIndex}; values are
 *                  String, Boolean, Number or a List of those
 */
public record PartUpdate(String thingName, Part part, PartVersion version, Map<String, Object> fields) {

    /** Whether this change comes after {@code other}, a change of the same part. */
    public boolean isNewerThan(PartUpdate other) {
        return version.isNewerThan(other.version, part.generationGap());
    }
}

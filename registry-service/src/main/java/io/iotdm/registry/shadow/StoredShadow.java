package io.iotdm.registry.shadow;

/**
 * A shadow's row: a live document, a tombstone of a deleted one, or neither (a shadow never written).
 *
 * @param document the live document, or {@code null}
 * @param tombstone what is left of a deleted document, or {@code null}
 */
record StoredShadow(ShadowDocument document, ShadowTombstone tombstone) {

    static final StoredShadow NONE = new StoredShadow(null, null);
}

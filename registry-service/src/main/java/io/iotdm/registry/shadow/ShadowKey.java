package io.iotdm.registry.shadow;

import java.util.Comparator;

/**
 * Which shadow: a thing's classic shadow or one of its named shadows.
 *
 * @param shadowName {@code null} for the classic shadow
 */
record ShadowKey(String thingName, String shadowName) {

    /**
     * The order in which a transaction inserts several missing shadows and writes them, the same in every transaction
     * so that two never wait for each other (the locking SELECT orders by the database's collation instead).
     */
    static final Comparator<ShadowKey> LOCK_ORDER =
            Comparator.comparing(ShadowKey::thingName).thenComparing(ShadowKey::storedName);

    /** The classic shadow is stored under the name {@code ''}. */
    String storedName() {
        return shadowName == null ? "" : shadowName;
    }

    /** The name in AWS's "No shadow exists with name: ..." message: the shadow's, or the thing's for the classic. */
    String displayName() {
        return shadowName == null ? thingName : shadowName;
    }
}

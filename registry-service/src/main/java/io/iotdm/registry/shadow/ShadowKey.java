package io.iotdm.registry.shadow;

import java.util.Comparator;

/**
 * Which shadow: a thing's classic shadow or one of its named shadows.
 *
 * @param shadowName {@code null} for the classic shadow
 */
record ShadowKey(String thingName, String shadowName) {

    /** The order in which a transaction locks several shadows, so that two of them never wait for each other. */
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

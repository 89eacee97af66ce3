package io.iotdm.registry.shadow;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The shadows one transaction has locked, as they stand after the requests applied so far in it: several requests
 * about one shadow read and change it in memory, one after the other, and only its last state is written back ({@link
 * ShadowRepository#write}), so the round trips to PostgreSQL are per shadow, not per request.
 */
final class LockedShadows {

    private final Map<ShadowKey, StoredShadow> current;
    private final Map<ShadowKey, StoredShadow> changed = new LinkedHashMap<>();

    /** @param stored the locked rows; a shadow with no row reads as {@link StoredShadow#NONE} */
    LockedShadows(Map<ShadowKey, StoredShadow> stored) {
        this.current = new LinkedHashMap<>(stored);
    }

    StoredShadow get(ShadowKey key) {
        return current.getOrDefault(key, StoredShadow.NONE);
    }

    /** The shadow's new state: read by the next requests of the transaction, written back at its end. */
    void put(ShadowKey key, StoredShadow shadow) {
        current.put(key, shadow);
        changed.put(key, shadow);
    }

    /** The shadows changed in this transaction, each with its last state. */
    Map<ShadowKey, StoredShadow> changed() {
        return changed;
    }
}

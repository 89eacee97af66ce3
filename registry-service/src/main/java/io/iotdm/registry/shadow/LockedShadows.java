package io.iotdm.registry.shadow;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The shadows one transaction has locked, as they stand after the requests applied so far in it: several requests
 * about one shadow read and change it in memory, one after the other, and only its last state is written back ({@link
 * ShadowRepository#write}), so the round trips to PostgreSQL are per shadow, not per request.
 *
 * <p>A stored shadow is read (parsed) when a request first asks for it, not when it is locked: one that does not read
 * fails the request about it, which names the thing to set aside, instead of failing the lock of the whole batch
 * ({@link DeviceShadowRequests#answer}).
 */
final class LockedShadows {

    private final Map<ShadowKey, Supplier<StoredShadow>> stored;
    private final Map<ShadowKey, StoredShadow> current = new HashMap<>();
    private final Map<ShadowKey, StoredShadow> changed = new LinkedHashMap<>();

    /** @param stored the locked rows, each read when first asked for; a shadow with no row reads as {@link StoredShadow#NONE} */
    LockedShadows(Map<ShadowKey, Supplier<StoredShadow>> stored) {
        this.stored = stored;
    }

    StoredShadow get(ShadowKey key) {
        StoredShadow shadow = current.get(key);
        if (shadow == null) {
            Supplier<StoredShadow> row = stored.get(key);
            shadow = row == null ? StoredShadow.NONE : row.get();
            current.put(key, shadow);
        }
        return shadow;
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

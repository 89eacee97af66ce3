package io.iotdm.indexing.rebuild;

import io.iotdm.indexing.config.ThingIndexState;
import java.time.Duration;

/** This instance's claim to coordinate the thing index, as stored in its state. */
record Lease(String owner, Duration duration) {

    ThingIndexState.Lease renewed() {
        return new ThingIndexState.Lease(owner, System.currentTimeMillis() + duration.toMillis());
    }

    /** Whether this instance may act on {@code state}: the lease is its own, free, or expired. */
    boolean mayTake(ThingIndexState state) {
        ThingIndexState.Lease current = state.lease();
        return current == null || current.owner().equals(owner) || current.until() < System.currentTimeMillis();
    }
}

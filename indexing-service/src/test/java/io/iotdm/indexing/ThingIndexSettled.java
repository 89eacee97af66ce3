package io.iotdm.indexing;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotdm.indexing.config.IndexingConfigurationStore;
import io.iotdm.indexing.config.IndexingSettings;
import io.iotdm.indexing.config.ThingIndexState;
import io.iotdm.indexing.config.ThingIndexStateStore;
import io.quarkus.arc.Arc;
import java.time.Instant;

/** Waits until the thing index is what the stored configuration asks for (any rebuild it needed is done). */
public final class ThingIndexSettled {

    private ThingIndexSettled() {}

    public static ThingIndexState await() {
        IndexingConfigurationStore configurations =
                Arc.container().instance(IndexingConfigurationStore.class).get();
        ThingIndexStateStore states =
                Arc.container().instance(ThingIndexStateStore.class).get();
        Instant deadline = Instant.now().plus(Fleet.DEADLINE);
        ThingIndexState state;
        boolean settled;
        do {
            IndexingSettings requested = configurations.fresh();
            state = states.fresh().state();
            settled = requested.thingIndexOn()
                    ? state.building() == null
                            && state.live() != null
                            && state.live().settings().equals(requested)
                    : state.building() == null && state.live() == null;
            if (!settled) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        } while (!settled && Instant.now().isBefore(deadline));
        assertThat(settled)
                .as("the thing index follows the configuration: %s", state)
                .isTrue();
        return state;
    }
}

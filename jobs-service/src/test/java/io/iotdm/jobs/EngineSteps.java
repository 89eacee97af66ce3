package io.iotdm.jobs;

import io.iotdm.jobs.rollout.RolloutEngine;
import java.util.function.BooleanSupplier;

/**
 * Steps the rollout engine until what a test waits for holds. The database keeps the rollouts of earlier tests and
 * runs, and one step takes a bounded number of them (oldest due first), so a test cannot know how many steps reach its
 * own rollout; it never waits on time, only on steps.
 */
public final class EngineSteps {

    private static final int MAX_STEPS = 1000;

    private EngineSteps() {}

    public static void until(RolloutEngine engine, BooleanSupplier done) {
        for (int step = 0; step < MAX_STEPS; step++) {
            if (done.getAsBoolean()) {
                return;
            }
            engine.step().await().indefinitely();
        }
        throw new AssertionError("still not done after " + MAX_STEPS + " steps of the rollout engine");
    }
}

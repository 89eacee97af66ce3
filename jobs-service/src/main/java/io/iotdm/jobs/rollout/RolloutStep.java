package io.iotdm.jobs.rollout;

import io.iotdm.events.Event;
import java.util.List;

/**
 * What one step of a rollout did: the events of what it changed, and whether it did all a step may do while more is due
 * at once, so that the engine steps again now instead of at its next interval.
 *
 * @param events the events of what the step changed, which commit with it
 * @param fullAndStillDue the step reached {@code iotdm.jobs.rollout.executions-per-step} and the rollout is due again
 *     already (its rate window has room and target things are left)
 */
record RolloutStep(List<Event> events, boolean fullAndStillDue) {

    /** A step after which the rollout waits for its due time (or is over). */
    static RolloutStep of(List<Event> events) {
        return new RolloutStep(events, false);
    }
}

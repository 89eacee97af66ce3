package io.iotdm.jobs.store;

import java.time.Instant;

/**
 * A job's rollout: the state the engine dispatches on and the window of its rate limit.
 *
 * @param windowStartedAt when the current minute of {@code maximumPerMinute} began, {@code null} before the first
 * @param queuedInWindow executions queued since {@code windowStartedAt}
 */
public record Rollout(String jobId, RolloutState state, Instant dueAt, Instant windowStartedAt, int queuedInWindow) {

    /** This rollout in {@code next} state, due again at {@code due}. */
    public Rollout next(RolloutState next, Instant due) {
        return new Rollout(jobId, next, due, windowStartedAt, queuedInWindow);
    }

    /** This rollout after queuing {@code queued} executions in the window that started at {@code window}. */
    public Rollout queued(Instant window, int queued, Instant due) {
        return new Rollout(jobId, state, due, window, queued);
    }
}

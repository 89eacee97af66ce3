package io.iotdm.jobs.store;

import java.time.Instant;

/**
 * A job's rollout: the state the engine dispatches on and the window of its rate limit.
 *
 * @param windowStartedAt when the current minute of {@code maximumPerMinute} began, {@code null} before the first
 * @param queuedInWindow executions queued since {@code windowStartedAt}
 * @param queuedTotal target things queued since the rollout began: exponentialRate's notified things
 */
public record Rollout(
        String jobId, RolloutState state, Instant dueAt, Instant windowStartedAt, int queuedInWindow, int queuedTotal) {

    /** A rollout that starts in {@code state}, due at {@code due}. */
    public Rollout(String jobId, RolloutState state, Instant due) {
        this(jobId, state, due, null, 0, 0);
    }

    /** This rollout in {@code next} state, due again at {@code due}. */
    public Rollout next(RolloutState next, Instant due) {
        return new Rollout(jobId, next, due, windowStartedAt, queuedInWindow, queuedTotal);
    }

    /**
     * This rollout after queuing {@code added} executions, {@code queued} in all in the window that started at
     * {@code window}.
     */
    public Rollout queued(Instant window, int queued, int added, Instant due) {
        return new Rollout(jobId, state, due, window, queued, queuedTotal + added);
    }
}

package io.iotdm.jobs.store;

import java.time.Instant;

/**
 * A job's rollout: the state the engine dispatches on and the window of its rate limit.
 *
 * @param windowStartedAt when the current minute of {@code maximumPerMinute} began, {@code null} before the first
 * @param queuedInWindow executions queued since {@code windowStartedAt}
 * @param queuedTotal target things queued since the rollout began: exponentialRate's notified things
 * @param endsAt the job's {@code schedulingConfig.endTime} while its end is still to be applied, else {@code null}; the
 *     rollout is due then at the latest (docs/aws-behaviour.md §5.20)
 */
public record Rollout(
        String jobId,
        RolloutState state,
        Instant dueAt,
        Instant windowStartedAt,
        int queuedInWindow,
        int queuedTotal,
        Instant endsAt) {

    /** A rollout that starts in {@code state}, due at {@code due}. */
    public Rollout(String jobId, RolloutState state, Instant due) {
        this(jobId, state, due, null, 0, 0, null);
    }

    /** This rollout in {@code next} state, due again at {@code due}. */
    public Rollout next(RolloutState next, Instant due) {
        return new Rollout(jobId, next, due, windowStartedAt, queuedInWindow, queuedTotal, endsAt);
    }

    /** This rollout with its end still to come at {@code end} ({@code null}: applied, or none). */
    public Rollout endingAt(Instant end) {
        return new Rollout(jobId, state, dueAt, windowStartedAt, queuedInWindow, queuedTotal, end);
    }

    /** Whether the job's end is due at {@code now} and not applied yet. */
    public boolean endDue(Instant now) {
        return endsAt != null && !now.isBefore(endsAt);
    }

    /**
     * This rollout after queuing {@code added} executions, {@code queued} in all in the window that started at
     * {@code window}.
     */
    public Rollout queued(Instant window, int queued, int added, Instant due) {
        return new Rollout(jobId, state, due, window, queued, queuedTotal + added, endsAt);
    }
}

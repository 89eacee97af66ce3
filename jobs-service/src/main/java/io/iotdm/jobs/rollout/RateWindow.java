package io.iotdm.jobs.rollout;

import io.iotdm.jobs.store.Rollout;
import java.time.Duration;
import java.time.Instant;

/**
 * {@code jobExecutionsRolloutConfig.maximumPerMinute} as a fixed window (docs/aws-behaviour.md §5.7): at most that many
 * executions are queued from the first of a window until a minute later, when the next window opens. A fixed window
 * needs two columns and no history; its worst case, a full window at the end of one minute and another at the start of
 * the next, stays within AWS's stated rate per minute of each window.
 *
 * @param windowStartedAt the start of the window the next executions count in
 * @param alreadyQueued executions queued in that window before
 * @param allowance how many may be queued now (at most the step's limit)
 */
record RateWindow(Instant windowStartedAt, int alreadyQueued, int allowance) {

    static final Duration LENGTH = Duration.ofMinutes(1);

    /**
     * @param maximumPerMinute the job's rate now ({@code maximumPerMinute} or the exponential rate reached);
     *     {@code null} without a rate: the step's limit alone applies
     */
    static RateWindow at(Rollout rollout, Integer maximumPerMinute, Instant now, int stepLimit) {
        if (maximumPerMinute == null) {
            return new RateWindow(now, 0, stepLimit);
        }
        Instant start = rollout.windowStartedAt();
        int queued = rollout.queuedInWindow();
        if (start == null || !now.isBefore(start.plus(LENGTH))) {
            start = now;
            queued = 0;
        }
        return new RateWindow(start, queued, Math.min(stepLimit, Math.max(0, maximumPerMinute - queued)));
    }

    /** When the rollout is due again after queuing {@code queued} now: the next window when this one is full. */
    Instant nextDue(Integer maximumPerMinute, int queued, Instant now) {
        return maximumPerMinute != null && alreadyQueued + queued >= maximumPerMinute
                ? windowStartedAt.plus(LENGTH)
                : now;
    }
}

package io.iotdm.jobs.store;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * One attempt of a thing at a job, as its row holds it.
 *
 * @param startedAt {@code null} until the execution turns IN_PROGRESS
 * @param versionNumber one more with each update (docs/aws-behaviour.md §5.2)
 * @param inProgressDeadline when the job's {@code timeoutConfig} times it out, set when it turns IN_PROGRESS
 *     (docs/aws-behaviour.md §5.11); {@code null} without one
 * @param stepDeadline when the device's {@code stepTimeoutInMinutes} times it out; {@code null} without one
 * @param retryAttempt how many retries came before this execution (docs/aws-behaviour.md §5.12)
 */
public record JobExecution(
        String jobId,
        String thingName,
        long executionNumber,
        ExecutionStatus status,
        boolean forceCanceled,
        Map<String, String> statusDetails,
        Instant queuedAt,
        Instant startedAt,
        Instant lastUpdatedAt,
        long versionNumber,
        Instant inProgressDeadline,
        Instant stepDeadline,
        int retryAttempt) {

    /** The {@code stepTimeoutInMinutes} that clears the step timer. */
    public static final long CLEAR_STEP_TIMEOUT = -1;

    /** The longest step timer, 7 days, as the longest in-progress timer. */
    public static final long MAX_STEP_TIMEOUT_MINUTES = 10080;

    public JobExecution {
        statusDetails = Map.copyOf(statusDetails);
    }

    /**
     * This execution in a new status, one version later; {@code details} replace the status details unless
     * {@code null}.
     */
    public JobExecution updated(ExecutionStatus newStatus, Map<String, String> details, boolean forced, Instant at) {
        return new JobExecution(
                jobId,
                thingName,
                executionNumber,
                newStatus,
                forced,
                details == null ? statusDetails : details,
                queuedAt,
                startedAt == null && newStatus.deviceMaySet() ? at : startedAt,
                at,
                versionNumber + 1,
                inProgressDeadline,
                stepDeadline,
                retryAttempt);
    }

    /**
     * This execution with the step timer a device asked for (docs/aws-behaviour.md §5.11): {@code null} leaves it,
     * {@code -1} clears it, minutes set it from {@code at}.
     */
    public JobExecution withStepTimeout(Long stepTimeoutInMinutes, Instant at) {
        if (stepTimeoutInMinutes == null) {
            return this;
        }
        Instant deadline =
                stepTimeoutInMinutes == CLEAR_STEP_TIMEOUT ? null : at.plus(Duration.ofMinutes(stepTimeoutInMinutes));
        return new JobExecution(
                jobId,
                thingName,
                executionNumber,
                status,
                forceCanceled,
                statusDetails,
                queuedAt,
                startedAt,
                lastUpdatedAt,
                versionNumber,
                inProgressDeadline,
                deadline,
                retryAttempt);
    }

    /**
     * DescribeJobExecution's {@code approximateSecondsBeforeTimedOut}: the seconds until the first of the timers of an
     * IN_PROGRESS execution, {@code null} without one.
     */
    public Long secondsBeforeTimedOut(Instant now) {
        Instant deadline = deadline();
        if (status != ExecutionStatus.IN_PROGRESS || deadline == null) {
            return null;
        }
        return Math.max(0, Duration.between(now, deadline).toSeconds());
    }

    /** The first of the two timers, {@code null} without either. */
    private Instant deadline() {
        if (inProgressDeadline == null || stepDeadline == null) {
            return inProgressDeadline == null ? stepDeadline : inProgressDeadline;
        }
        return inProgressDeadline.isBefore(stepDeadline) ? inProgressDeadline : stepDeadline;
    }
}

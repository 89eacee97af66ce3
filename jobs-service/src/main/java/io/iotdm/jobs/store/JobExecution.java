package io.iotdm.jobs.store;

import java.time.Instant;
import java.util.Map;

/**
 * One attempt of a thing at a job, as its row holds it.
 *
 * @param startedAt {@code null} until the execution turns IN_PROGRESS
 * @param versionNumber one more with each update (docs/aws-behaviour.md §5.2)
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
        long versionNumber) {

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
                versionNumber + 1);
    }
}

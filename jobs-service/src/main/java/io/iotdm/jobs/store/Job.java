package io.iotdm.jobs.store;

import java.time.Instant;
import java.util.List;

/**
 * A job as its row holds it.
 *
 * @param documentSource the URL CreateJob read the document from, {@code null} for a document given inline
 * @param maximumPerMinute {@code jobExecutionsRolloutConfig.maximumPerMinute}, {@code null} without a limit
 * @param configurations the abort and timeout configurations
 * @param forceCanceled {@code null} until the job is canceled
 * @param creationOrder the keyset ListJobs pages on
 */
public record Job(
        String jobId,
        JobStatus status,
        String targetSelection,
        List<String> targets,
        String document,
        String documentSource,
        String description,
        Integer maximumPerMinute,
        JobConfigurations configurations,
        Boolean forceCanceled,
        String reasonCode,
        String comment,
        Instant createdAt,
        Instant lastUpdatedAt,
        Instant completedAt,
        long creationOrder) {

    public Job {
        targets = List.copyOf(targets);
    }

    /** This job in another status, changed at {@code at}. */
    public Job withStatus(JobStatus newStatus, Instant at) {
        return new Job(
                jobId,
                newStatus,
                targetSelection,
                targets,
                document,
                documentSource,
                description,
                maximumPerMinute,
                configurations,
                forceCanceled,
                reasonCode,
                comment,
                createdAt,
                at,
                newStatus == JobStatus.COMPLETED || newStatus == JobStatus.CANCELED ? at : completedAt,
                creationOrder);
    }

    /** This job after UpdateJob at {@code at} (docs/aws-behaviour.md §5.18). */
    public Job updated(
            String newDescription, Integer newMaximumPerMinute, JobConfigurations newConfigurations, Instant at) {
        return new Job(
                jobId,
                status,
                targetSelection,
                targets,
                document,
                documentSource,
                newDescription,
                newMaximumPerMinute,
                newConfigurations,
                forceCanceled,
                reasonCode,
                comment,
                createdAt,
                at,
                completedAt,
                creationOrder);
    }

    /** This job canceled at {@code at}. */
    public Job canceled(boolean force, String reason, String cancelComment, Instant at) {
        return new Job(
                jobId,
                JobStatus.CANCELED,
                targetSelection,
                targets,
                document,
                documentSource,
                description,
                maximumPerMinute,
                configurations,
                force,
                reason,
                cancelComment,
                createdAt,
                at,
                at,
                creationOrder);
    }
}

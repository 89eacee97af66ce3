package io.iotdm.jobs.store;

/** A job's status (docs/aws-behaviour.md §5.2); SCHEDULED comes with scheduling, which is still to come. */
public enum JobStatus {
    IN_PROGRESS,
    CANCELED,
    COMPLETED,
    DELETION_IN_PROGRESS
}

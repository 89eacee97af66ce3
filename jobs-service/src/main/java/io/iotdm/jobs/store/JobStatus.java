package io.iotdm.jobs.store;

/** A job's status (docs/aws-behaviour.md §5.2). */
public enum JobStatus {
    /** Before a scheduled job's start: no job is in it until scheduling comes, but ListJobs may filter on it. */
    SCHEDULED,
    IN_PROGRESS,
    CANCELED,
    COMPLETED,
    DELETION_IN_PROGRESS
}

package io.iotdm.jobs.store;

/**
 * What a rollout does next (docs/architecture.md, "The jobs rollout engine"). A rollout whose job completed or was
 * canceled is gone: its row is deleted, not kept in a final state.
 */
public enum RolloutState {
    /**
     * The job is SCHEDULED: its rollout starts at its {@code schedulingConfig.startTime}, or when its next maintenance
     * window opens (docs/aws-behaviour.md §5.20).
     */
    SCHEDULED(false),
    /** Queuing executions for the job's target things, at the job's rate. */
    RELEASING(true),
    /** Every target thing has its execution; the job completes once all of them are terminal. */
    RELEASED(true),
    /** DeleteJob: the job's executions are deleted in steps, then the job. */
    DELETING(false);

    private final boolean rollingOut;

    RolloutState(boolean rollingOut) {
        this.rollingOut = rollingOut;
    }

    /** Whether the job's executions are still running, so that its abort criteria apply (docs/aws-behaviour.md §5.10). */
    public boolean rollingOut() {
        return rollingOut;
    }
}

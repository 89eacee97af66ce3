-- A job's rollout configuration beyond its rate (docs/aws-behaviour.md §5.10–§5.13).
-- abortConfig, jobExecutionsRetryConfig and jobExecutionsRolloutConfig.exponentialRate as DescribeJob renders them;
-- timeoutConfig.inProgressTimeoutInMinutes.
ALTER TABLE job
    ADD COLUMN abort_config                JSONB,
    ADD COLUMN in_progress_timeout_minutes BIGINT,
    ADD COLUMN retry_config                JSONB,
    ADD COLUMN exponential_rate            JSONB;

-- The things the rollout has queued so far: exponentialRate's notified things (docs/aws-behaviour.md §5.13), kept in
-- the row the engine locks anyway rather than counted over a fleet-wide job's targets at every step.
ALTER TABLE rollout ADD COLUMN queued_total INTEGER NOT NULL DEFAULT 0;

-- The two timers of an IN_PROGRESS execution (docs/aws-behaviour.md §5.11): the in-progress deadline, fixed when it
-- turns IN_PROGRESS, and the step deadline a device sets and resets. Whichever comes first times it out. The timer is
-- its row: the sweep leases due ones with FOR UPDATE SKIP LOCKED, as the rollout engine leases rollouts, so a timer
-- survives a restart and two instances never time one execution out twice.
ALTER TABLE job_execution
    ADD COLUMN in_progress_deadline TIMESTAMPTZ,
    ADD COLUMN step_deadline        TIMESTAMPTZ,
    -- the retries before this attempt (docs/aws-behaviour.md §5.12): ListJobExecutions*'s retryAttempt
    ADD COLUMN retry_attempt        INTEGER NOT NULL DEFAULT 0;
CREATE INDEX job_execution_timer ON job_execution ((LEAST(in_progress_deadline, step_deadline)))
    WHERE status = 'IN_PROGRESS';

-- A job's schedulingConfig (docs/aws-behaviour.md §5.20) as the caller gave it (DescribeJob answers it), and its
-- endTime read, which the continuous jobs' membership changes are matched against (a job past its end takes no more
-- things).
ALTER TABLE job
    ADD COLUMN scheduling_config JSONB,
    ADD COLUMN end_time          TIMESTAMPTZ;

-- The end of a scheduled job's rollout still to come: the engine applies the job's endBehavior at its first step from
-- then (the rollout is due then at the latest) and clears it, so the end is applied once, by whichever instance holds
-- the rollout's lock, and survives a restart like the rest of the rollout.
ALTER TABLE rollout ADD COLUMN ends_at TIMESTAMPTZ;

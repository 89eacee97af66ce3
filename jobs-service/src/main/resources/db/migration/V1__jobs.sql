-- AWS IoT jobs (docs/aws-behaviour.md §5). A job's targets as the caller gave them, its document inline, its status
-- (docs/aws-behaviour.md §5.2) and the cancellation's reason.
CREATE TABLE job (
    job_id             TEXT        PRIMARY KEY,
    creation_order     BIGSERIAL   NOT NULL UNIQUE, -- ListJobs pages newest first on it (a keyset, not a timestamp)
    status             TEXT        NOT NULL,
    target_selection   TEXT        NOT NULL,
    targets            TEXT[]      NOT NULL,
    document           TEXT        NOT NULL,
    description        TEXT,
    maximum_per_minute INTEGER,                     -- jobExecutionsRolloutConfig.maximumPerMinute, null: no limit
    force_canceled     BOOLEAN,
    reason_code        TEXT,
    comment            TEXT,
    created_at         TIMESTAMPTZ NOT NULL,
    last_updated_at    TIMESTAMPTZ NOT NULL,
    completed_at       TIMESTAMPTZ,
    version            BIGINT      NOT NULL         -- the resource version of the job's events
);
CREATE INDEX job_by_status ON job (status, creation_order);

-- The thing groups a job targets, resolved when it was created (ListJobs filters on them).
CREATE TABLE job_thing_group (
    job_id           TEXT NOT NULL REFERENCES job (job_id) ON DELETE CASCADE,
    thing_group_name TEXT NOT NULL,
    thing_group_id   TEXT NOT NULL,
    PRIMARY KEY (job_id, thing_group_name)
);
CREATE INDEX job_thing_group_by_name ON job_thing_group (thing_group_name);
CREATE INDEX job_thing_group_by_id ON job_thing_group (thing_group_id);

-- The rollout of a job (docs/architecture.md, "The jobs rollout engine"): the state the engine dispatches on, the
-- rate window of jobExecutionsRolloutConfig.maximumPerMinute, and when it is next due. The engine locks a row with
-- FOR UPDATE SKIP LOCKED for the length of one step, so two instances never advance one rollout at once, and
-- everything a step did is in these tables when an instance restarts.
CREATE TABLE rollout (
    job_id             TEXT        PRIMARY KEY REFERENCES job (job_id) ON DELETE CASCADE,
    state              TEXT        NOT NULL,     -- RELEASING, RELEASED, DELETING
    due_at             TIMESTAMPTZ NOT NULL,
    window_started_at  TIMESTAMPTZ,
    queued_in_window   INTEGER     NOT NULL DEFAULT 0,
    -- when it was last written (rollout_step): of rollouts due at one instant, the one stepped longest ago goes first,
    -- so a step's limit takes them in turns
    last_step          BIGINT      NOT NULL
);
CREATE SEQUENCE rollout_step;
CREATE INDEX rollout_due ON rollout (due_at, last_step);

-- The things a job reaches, in the order the rollout queues them; queued once its execution exists.
CREATE TABLE job_target_thing (
    job_id     TEXT    NOT NULL REFERENCES job (job_id) ON DELETE CASCADE,
    thing_name TEXT    NOT NULL,
    position   INTEGER NOT NULL,
    queued     BOOLEAN NOT NULL DEFAULT FALSE,
    PRIMARY KEY (job_id, thing_name)
);
CREATE INDEX job_target_thing_pending ON job_target_thing (job_id, position) WHERE NOT queued;

-- Job executions (docs/aws-behaviour.md §5.2): one per attempt of a thing at a job.
CREATE TABLE job_execution (
    job_id           TEXT        NOT NULL REFERENCES job (job_id) ON DELETE CASCADE,
    thing_name       TEXT        NOT NULL,
    execution_number BIGINT      NOT NULL,
    status           TEXT        NOT NULL,
    force_canceled   BOOLEAN     NOT NULL DEFAULT FALSE,
    status_details   JSONB       NOT NULL DEFAULT '{}',
    queued_at        TIMESTAMPTZ NOT NULL,
    started_at       TIMESTAMPTZ,
    last_updated_at  TIMESTAMPTZ NOT NULL,
    version_number   BIGINT      NOT NULL,
    PRIMARY KEY (job_id, thing_name, execution_number)
);
CREATE INDEX job_execution_by_thing ON job_execution (thing_name, status, queued_at);
CREATE INDEX job_execution_by_job_status ON job_execution (job_id, status);

-- Orders every event the service publishes (their resource-version header).
CREATE SEQUENCE event_revision;

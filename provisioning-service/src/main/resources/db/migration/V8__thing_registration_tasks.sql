-- Bulk registration tasks (StartThingRegistrationTask; docs/aws-behaviour.md §6.9). V7 is RegisterThing's (branch
-- h-registerthing), numbered apart so that the two branches merge in either order.
--
-- A task is run by one instance at a time: the one whose lease (lease_owner, lease_expires) is current. An instance
-- claims a task whose lease has expired with FOR UPDATE SKIP LOCKED, renews the lease while it runs, and records each
-- line's outcome only while it still holds the lease; an instance that died leaves a lease that expires, and the next
-- one resumes after the lines already recorded. A line is registered under the key '<task_id>:<line_number>', which the
-- registration makes idempotent, so a line whose outcome the dead runner did not record is not applied twice.
CREATE TABLE thing_registration_task (
    task_id            TEXT        PRIMARY KEY,
    -- creation order for ListThingRegistrationTasks (newest first) and its page cursor
    creation_order     BIGSERIAL   NOT NULL UNIQUE,
    template_body      TEXT        NOT NULL,
    input_file_bucket  TEXT        NOT NULL,
    input_file_key     TEXT        NOT NULL,
    -- the input object's ETag when the task started: a runner reads only that content (If-Match), so a resumed task
    -- never reads other lines under the same numbers
    input_file_etag    TEXT        NOT NULL,
    role_arn           TEXT        NOT NULL,
    status             TEXT        NOT NULL, -- InProgress | Completed | Failed | Cancelled | Cancelling
    message            TEXT,
    line_count         INTEGER,              -- the input's lines, once a runner has counted them
    success_count      INTEGER     NOT NULL DEFAULT 0,
    failure_count      INTEGER     NOT NULL DEFAULT 0,
    -- report objects written per type when the task ended (0 while it runs)
    results_parts      INTEGER     NOT NULL DEFAULT 0,
    errors_parts       INTEGER     NOT NULL DEFAULT 0,
    lease_owner        TEXT,
    lease_expires      TIMESTAMPTZ,
    creation_date      TIMESTAMPTZ NOT NULL,
    last_modified_date TIMESTAMPTZ NOT NULL
);

-- the runners' look for work, and ListThingRegistrationTasks' status filter
CREATE INDEX thing_registration_task_status ON thing_registration_task (status, creation_order);

-- The outcome of each line a runner finished: the report line as it will be written (docs/aws-behaviour.md §6.9).
-- Deleted when the task's reports are written and it ends.
CREATE TABLE thing_registration_task_line (
    task_id     TEXT    NOT NULL REFERENCES thing_registration_task (task_id) ON DELETE CASCADE,
    line_number INTEGER NOT NULL,
    succeeded   BOOLEAN NOT NULL,
    report_line TEXT    NOT NULL,
    PRIMARY KEY (task_id, line_number)
);

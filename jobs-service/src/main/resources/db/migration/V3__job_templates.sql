-- Job templates (docs/aws-behaviour.md §5.14): what CreateJobTemplate was given, kept as given. The configurations are
-- JSON in AWS's member names, so that CreateJob reads a template's members exactly as it reads its own input (the
-- template is applied by running its members through CreateJob's own path, which validates them).
CREATE TABLE job_template (
    job_template_id TEXT COLLATE "C" PRIMARY KEY, -- ListJobTemplates pages in byte order, whatever the locale
    description     TEXT        NOT NULL,
    document        TEXT,
    document_source TEXT,
    -- presignedUrlConfig, jobExecutionsRolloutConfig, abortConfig, timeoutConfig, jobExecutionsRetryConfig,
    -- maintenanceWindows, destinationPackageVersions: those given, by member name
    configuration   JSONB       NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL
);

-- The template a job was created from, and the documentParameters given with an AWS-managed one (DescribeJob answers
-- both, docs/aws-behaviour.md §5.15).
CREATE TABLE job_template_use (
    job_id              TEXT  PRIMARY KEY REFERENCES job (job_id) ON DELETE CASCADE,
    job_template_arn    TEXT  NOT NULL,
    document_parameters JSONB
);

-- The device messages (iotdm.device.inbound, platform/events DeviceMessages) the MQTT jobs API has applied, by the
-- gateway's message id: Kafka may deliver a record twice, and a device's request is applied and answered once
-- (docs/aws-behaviour.md §5.17). Rows older than a day are pruned: a redelivery comes within minutes.
CREATE TABLE device_message (
    message_id  TEXT        PRIMARY KEY,
    received_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX device_message_by_age ON device_message (received_at);

-- The head of each thing's queue of pending executions as its device was last told on jobs/notify-next, which AWS
-- sends only when the head changes (docs/aws-behaviour.md §5.17). No row: the device was told its queue is empty (or
-- was never told anything).
CREATE TABLE thing_queue_head (
    thing_name       TEXT   PRIMARY KEY,
    job_id           TEXT   NOT NULL,
    execution_number BIGINT NOT NULL
);

-- The tags of job templates and jobs, by ARN (platform/tags: CreateJobTemplate's tags, TagResource, UntagResource,
-- ListTagsForResource; the api-gateway routes job and job template ARNs here). Deleting a template deletes its tags.
CREATE TABLE tag (
    resource_arn TEXT NOT NULL,
    tag_key      TEXT NOT NULL,
    tag_value    TEXT NOT NULL,
    PRIMARY KEY (resource_arn, tag_key)
);

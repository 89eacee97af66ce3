-- Job templates (docs/aws-behaviour.md §5.14): what CreateJobTemplate was given, kept as given. The configurations are
-- JSON in AWS's member names, so that CreateJob reads a template's members exactly as it reads its own input (the
-- template is applied by running its members through CreateJob's own path, which validates them).
CREATE TABLE job_template (
    job_template_id TEXT        PRIMARY KEY,
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

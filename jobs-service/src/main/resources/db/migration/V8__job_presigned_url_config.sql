-- A job's presignedUrlConfig (docs/aws-behaviour.md §5.22): how long the presigned URLs that replace the placeholders of
-- its document are valid. A table of its own beside job: only jobs whose documents have placeholders have a row.
CREATE TABLE job_presigned_url_config (
    job_id         TEXT   PRIMARY KEY REFERENCES job (job_id) ON DELETE CASCADE,
    role_arn       TEXT   NOT NULL,
    expires_in_sec BIGINT
);

-- The signer API (docs/aws-behaviour.md §10): code-signing material, signing profiles and signing jobs.

-- A code-signing key pair and its certificate, under the ARN a profile names in signingMaterial.certificateArn. The
-- private key is sealed (platform/x509 SealedKey: AES-256-GCM under iotdm.jobs.signing.key-encryption-key) and never
-- leaves the service.
CREATE TABLE signing_material (
    certificate_arn    TEXT        PRIMARY KEY,
    certificate_pem    TEXT        NOT NULL,
    sealed_private_key TEXT        NOT NULL,
    created_at         TIMESTAMPTZ NOT NULL
);

-- A signing profile as its latest PutSigningProfile left it; a job copies what it used, so older versions need no rows.
CREATE TABLE signing_profile (
    profile_name              TEXT        PRIMARY KEY,
    profile_version           TEXT        NOT NULL,
    status                    TEXT        NOT NULL, -- Active, Canceled, Revoked
    platform_id               TEXT        NOT NULL,
    certificate_arn           TEXT        NOT NULL REFERENCES signing_material (certificate_arn),
    validity_value            INTEGER     NOT NULL,
    validity_type             TEXT        NOT NULL, -- DAYS, MONTHS, YEARS
    overrides                 JSONB,
    signing_parameters        JSONB,
    tags                      JSONB,
    created_at                TIMESTAMPTZ NOT NULL,
    revocation_effective_from TIMESTAMPTZ,
    revoked_at                TIMESTAMPTZ,
    revoked_by                TEXT,
    revocation_reason         TEXT
);
CREATE INDEX signing_profile_by_platform ON signing_profile (platform_id, profile_name);

-- A signing job, written once with its outcome (Succeeded or Failed): no row is ever left InProgress by a crash.
-- SignPayload's jobs have no source and no signed object.
CREATE TABLE signing_job (
    job_id               TEXT        PRIMARY KEY,
    creation_order       BIGSERIAL   NOT NULL UNIQUE, -- ListSigningJobs pages newest first on it
    client_request_token TEXT        UNIQUE,          -- SHA-256 (hex) of StartSigningJob's idempotency token
    profile_name         TEXT        NOT NULL,
    profile_version      TEXT        NOT NULL,
    platform_id          TEXT        NOT NULL,
    certificate_arn      TEXT        NOT NULL,
    overrides            JSONB,
    signing_parameters   JSONB,
    source_bucket        TEXT,
    source_key           TEXT,
    source_version       TEXT,
    signed_bucket        TEXT,
    signed_key           TEXT,
    status               TEXT        NOT NULL,        -- Succeeded, Failed
    status_reason        TEXT,
    requested_by         TEXT        NOT NULL,
    created_at           TIMESTAMPTZ NOT NULL,
    completed_at         TIMESTAMPTZ,
    signature_expires_at TIMESTAMPTZ
);
CREATE INDEX signing_job_by_status ON signing_job (status, creation_order);

-- CA certificates registered by the account (docs/aws-behaviour.md §6.2). The id is the SHA-256 of the DER, as a
-- device certificate's; the device certificates registered under a CA name it in certificate.ca_certificate_id.
CREATE TABLE ca_certificate (
    certificate_id           TEXT        PRIMARY KEY,
    certificate_pem          TEXT        NOT NULL,
    subject_key              TEXT        NOT NULL, -- the canonical subject: at most 10 CAs share one (configurable)
    status                   TEXT        NOT NULL, -- ACTIVE | INACTIVE
    auto_registration_status TEXT        NOT NULL, -- ENABLE | DISABLE
    certificate_mode         TEXT        NOT NULL, -- DEFAULT | SNI_ONLY, inherited by the certificates it signs
    -- registrationConfig (JITP): a template by name or a template body, and the role; all NULL without one
    template_name            TEXT,
    template_body            TEXT,
    role_arn                 TEXT,
    tags                     TEXT,                 -- RegisterCACertificate's tags as the caller sent them (JSON)
    customer_version         INTEGER     NOT NULL, -- 1 at registration, +1 per change (AWS's customerVersion)
    generation_id            TEXT        NOT NULL,
    not_before               TIMESTAMPTZ NOT NULL,
    not_after                TIMESTAMPTZ NOT NULL,
    creation_date            TIMESTAMPTZ NOT NULL,
    last_modified_date       TIMESTAMPTZ NOT NULL
);
CREATE INDEX ca_certificate_by_subject ON ca_certificate (subject_key);
CREATE INDEX ca_certificate_by_creation ON ca_certificate (creation_date, certificate_id);
CREATE INDEX ca_certificate_by_template ON ca_certificate (template_name, creation_date, certificate_id);

-- The account's registration code (GetRegistrationCode): the same until DeleteRegistrationCode.
CREATE TABLE registration_code (
    account_id        TEXT        PRIMARY KEY,
    registration_code TEXT        NOT NULL,
    creation_date     TIMESTAMPTZ NOT NULL
);

-- Device certificates (docs/aws-behaviour.md §6.1): those iotdm issued (CreateKeysAndCertificate,
-- CreateCertificateFromCsr), and those registered with or without their CA. The id is the SHA-256 of the DER.
CREATE TABLE certificate (
    certificate_id     TEXT        PRIMARY KEY,
    certificate_pem    TEXT        NOT NULL,
    -- the registered CA that issued it, or the id of iotdm's own issuing CA; NULL when registered without a CA
    ca_certificate_id  TEXT,
    status             TEXT        NOT NULL,
    certificate_mode   TEXT        NOT NULL, -- DEFAULT | SNI_ONLY
    customer_version   INTEGER     NOT NULL, -- 1 at creation, +1 per status change (AWS's customerVersion)
    generation_id      TEXT        NOT NULL,
    not_before         TIMESTAMPTZ NOT NULL,
    not_after          TIMESTAMPTZ NOT NULL,
    creation_date      TIMESTAMPTZ NOT NULL,
    last_modified_date TIMESTAMPTZ NOT NULL
);
CREATE INDEX certificate_by_creation ON certificate (creation_date, certificate_id);
CREATE INDEX certificate_by_ca ON certificate (ca_certificate_id, creation_date, certificate_id);

-- Things attached to principals (a certificate's ARN or a Cognito identity id) (docs/aws-behaviour.md §6.1).
CREATE TABLE thing_principal (
    principal            TEXT        NOT NULL,
    thing_name           TEXT        NOT NULL,
    thing_principal_type TEXT        NOT NULL, -- EXCLUSIVE_THING | NON_EXCLUSIVE_THING
    attached_at          TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (principal, thing_name)
);
CREATE INDEX thing_principal_by_thing ON thing_principal (thing_name, principal);

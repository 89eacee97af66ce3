-- iotdm's own issuing CA (docs/aws-behaviour.md §6.1), made on the first start: at most one row (the primary key is
-- the constant TRUE), so that instances starting together keep the CA of whichever inserted first.
CREATE TABLE issuing_ca (
    singleton         BOOLEAN     PRIMARY KEY DEFAULT TRUE CHECK (singleton),
    ca_certificate_id TEXT        NOT NULL, -- SHA-256 of the CA certificate's DER
    certificate_pem   TEXT        NOT NULL,
    sealed_key        TEXT        NOT NULL, -- platform/x509 SealedKey: AES-256-GCM under iotdm.provisioning.ca-key-secret
    creation_date     TIMESTAMPTZ NOT NULL
);

-- Fleet provisioning (docs/aws-behaviour.md §6.10).

-- CreateProvisioningClaim's temporary claim certificates: not among the account's certificates (AWS does not list
-- them), found by the device gateway's question at CONNECT until they expire, and forgotten after.
CREATE TABLE provisioning_claim (
    certificate_id  TEXT        PRIMARY KEY,
    certificate_pem TEXT        NOT NULL,
    template_name   TEXT        NOT NULL,
    not_before      TIMESTAMPTZ NOT NULL,
    expiration      TIMESTAMPTZ NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX provisioning_claim_expiration ON provisioning_claim (expiration);

-- The answers of $aws/certificates/create and create-from-csr by the message id of the device's publish, so that a
-- record Kafka delivers twice creates one certificate and gets the same answer. The answer holds a private key: it is
-- sealed (AES-GCM under a key derived from the issuing CA's secret) and kept only as long as an ownership token lives.
CREATE TABLE device_certificate_request (
    message_id     TEXT        PRIMARY KEY,
    certificate_id TEXT        NOT NULL,
    sealed_answer  TEXT        NOT NULL,
    created_at     TIMESTAMPTZ NOT NULL
);
CREATE INDEX device_certificate_request_created_at ON device_certificate_request (created_at);

-- IoT policies (docs/aws-behaviour.md §6.4). A policy has 1 to 5 versions, one of them its default; version ids are
-- never reused (last_version_id numbers the next).
CREATE TABLE policy (
    policy_name        TEXT        PRIMARY KEY,
    default_version_id INTEGER     NOT NULL,
    last_version_id    INTEGER     NOT NULL,
    generation_id      TEXT        NOT NULL, -- changes with each write of the policy, as AWS's generationId
    creation_date      TIMESTAMPTZ NOT NULL,
    last_modified_date TIMESTAMPTZ NOT NULL
);

CREATE TABLE policy_version (
    policy_name     TEXT        NOT NULL REFERENCES policy (policy_name) ON DELETE CASCADE,
    version_id      INTEGER     NOT NULL,
    policy_document TEXT        NOT NULL, -- as the caller sent it: GetPolicy answers it unchanged
    creation_date   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (policy_name, version_id)
);

-- What a policy is attached to: a certificate's ARN, a static thing group's ARN or a Cognito identity id.
CREATE TABLE policy_target (
    policy_name TEXT        NOT NULL REFERENCES policy (policy_name),
    target      TEXT        NOT NULL,
    attached_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (policy_name, target)
);
CREATE INDEX policy_target_by_target ON policy_target (target, policy_name);

-- Orders every change event the service publishes (events.ProvisioningChanges).
CREATE SEQUENCE change_revision;

-- Things and thing groups deleted in the registry and the group-service, as their deletion events arrive
-- (io.iotdm.provisioning.deletion, docs/aws-behaviour.md §1.2, §6.4): their thing principals and policy attachments are
-- removed, and an attachment that raced with the deletion (its owner checked the thing or group before the deletion,
-- wrote after it) is refused or removed. A deletion names the resource's id, so that it never touches a namesake
-- created afterwards: attachments keep the id of what they were attached to (NULL: attached before this version).
ALTER TABLE thing_principal ADD COLUMN thing_id TEXT;
ALTER TABLE policy_target ADD COLUMN target_id TEXT;

CREATE TABLE deleted_resource (
    resource_type TEXT        NOT NULL, -- THING | THING_GROUP
    resource_name TEXT        NOT NULL,
    resource_id   TEXT        NOT NULL,
    deleted_at    TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (resource_type, resource_name, resource_id)
);
CREATE INDEX deleted_resource_by_age ON deleted_resource (deleted_at);

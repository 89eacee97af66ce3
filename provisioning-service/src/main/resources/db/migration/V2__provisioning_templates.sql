-- Provisioning templates (docs/aws-behaviour.md §6.5). A template has 1 to 5 versions, one of them its default; version
-- ids are never reused (last_version_id numbers the next). Its type never changes: every version's body was checked
-- for it.
CREATE TABLE provisioning_template (
    template_name         TEXT        PRIMARY KEY,
    description           TEXT,
    template_type         TEXT        NOT NULL, -- FLEET_PROVISIONING | JITP
    enabled               BOOLEAN     NOT NULL,
    provisioning_role_arn TEXT        NOT NULL,
    hook_target_arn       TEXT,                 -- the pre-provisioning hook (FLEET_PROVISIONING only), or none
    hook_payload_version  TEXT,
    default_version_id    INTEGER     NOT NULL,
    last_version_id       INTEGER     NOT NULL,
    creation_date         TIMESTAMPTZ NOT NULL,
    last_modified_date    TIMESTAMPTZ NOT NULL
);

CREATE TABLE provisioning_template_version (
    template_name TEXT        NOT NULL REFERENCES provisioning_template (template_name) ON DELETE CASCADE,
    version_id    INTEGER     NOT NULL,
    template_body TEXT        NOT NULL, -- as the caller sent it: DescribeProvisioningTemplate(Version) answers it unchanged
    creation_date TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (template_name, version_id)
);

-- The tags of the service's resources, by ARN (platform/tags: CreateProvisioningTemplate's tags, TagResource,
-- UntagResource, ListTagsForResource). Deleting a resource deletes its tags.
CREATE TABLE tag (
    resource_arn TEXT NOT NULL,
    tag_key      TEXT NOT NULL,
    tag_value    TEXT NOT NULL,
    PRIMARY KEY (resource_arn, tag_key)
);

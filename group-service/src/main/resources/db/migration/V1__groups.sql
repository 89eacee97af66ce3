-- Every write of the group-service takes the next revision: a number that only grows, across deletion and
-- re-creation. A group's write (create, update, delete) takes one for the group; each membership change (one thing
-- added to or removed from one group) takes one of its own. Events carry it as their resource-version header.
CREATE SEQUENCE group_revision;

-- Static thing groups. A group's parent is fixed at creation and names never change, so its ancestry is too: it is
-- stored with the group (root first), which makes "all descendants of G" one index lookup (ancestors @> {G}).
CREATE TABLE thing_group (
    name          TEXT PRIMARY KEY,
    id            TEXT        NOT NULL,
    parent_name   TEXT REFERENCES thing_group (name),
    ancestors     TEXT[]      NOT NULL, -- names from the root to the parent; empty for a root group
    ancestor_ids  TEXT[]      NOT NULL, -- their ids, in the same order
    description   TEXT,
    attributes    JSONB       NOT NULL,
    version       BIGINT      NOT NULL,
    revision      BIGINT      NOT NULL,
    creation_date TIMESTAMPTZ NOT NULL,
    last_modified TIMESTAMPTZ NOT NULL
);
CREATE INDEX thing_group_by_parent ON thing_group (parent_name, name);
CREATE INDEX thing_group_by_ancestor ON thing_group USING GIN (ancestors);

-- The tags of thing groups, by ARN (platform/tags: CreateThingGroup's tags, TagResource, UntagResource,
-- ListTagsForResource). Deleting a group deletes its tags.
CREATE TABLE tag (
    resource_arn TEXT NOT NULL,
    tag_key      TEXT NOT NULL,
    tag_value    TEXT NOT NULL,
    PRIMARY KEY (resource_arn, tag_key)
);

-- A thing in a static group. thing_id is the registry's id of the thing when it joined: a thing re-created under
-- the same name has a new id, so a late deletion of the old thing does not remove the new one's memberships.
CREATE TABLE membership (
    thing_name    TEXT   NOT NULL,
    group_name    TEXT   NOT NULL REFERENCES thing_group (name),
    thing_id      TEXT   NOT NULL,
    membership_id TEXT   NOT NULL,
    revision      BIGINT NOT NULL,
    PRIMARY KEY (thing_name, group_name)
);
CREATE INDEX membership_by_group ON membership (group_name, thing_name);

-- Things the registry deleted (consumed from aws.events.thing), by id: an addition that checked the thing with the
-- registry before the deletion but commits after it finds the thing here and fails, instead of leaving a
-- membership of a thing that no longer exists. Kept for a while, then pruned.
CREATE TABLE deleted_thing (
    thing_id    TEXT PRIMARY KEY,
    thing_name  TEXT        NOT NULL,
    revision    BIGINT      NOT NULL, -- the registry revision of the deletion
    recorded_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

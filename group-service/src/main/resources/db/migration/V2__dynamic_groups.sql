-- Dynamic thing groups (reference §1.5) live in thing_group beside static ones: a dynamic group has a query
-- (query_string NOT NULL), never a parent nor children. Static groups leave these columns NULL.
ALTER TABLE thing_group
    ADD COLUMN query_string      TEXT,
    ADD COLUMN query_version     TEXT,
    ADD COLUMN index_name        TEXT,
    ADD COLUMN status            TEXT,   -- BUILDING, REBUILDING, ACTIVE
    ADD COLUMN query_revision    BIGINT, -- the group revision of the current query (Definition.revision)
    ADD COLUMN creation_revision BIGINT, -- the group revision of the creation: "older dynamic groups win"
    ADD COLUMN backfill_done     BIGINT, -- progress of the running backfill, for DescribeThingGroup
    ADD COLUMN backfill_total    BIGINT;
CREATE INDEX thing_group_dynamic ON thing_group (creation_revision) WHERE query_string IS NOT NULL;

-- For a membership of a dynamic group: the query revision under which it was last decided or confirmed (a backfill
-- removes the members not confirmed under the current query). NULL for static memberships.
ALTER TABLE membership ADD COLUMN query_revision BIGINT;

-- The last dynamic-group verdicts applied per thing (from a Decision of the indexing-service, or a backfill's
-- match), with the version of the thing document they were taken from: an older document is ignored, and a thing
-- that matches a group it could not join (10 groups per thing) joins it when a slot frees up.
CREATE TABLE thing_verdict (
    thing_name   TEXT PRIMARY KEY,
    thing_id     TEXT   NOT NULL,
    generation   BIGINT NOT NULL,
    primary_term BIGINT NOT NULL,
    seq_no       BIGINT NOT NULL,
    verdicts     JSONB  NOT NULL -- {"groupName": {"revision": r, "matches": true|false}}
);

-- A group is deleted in steps, each removing at most a batch of its members in its own transaction (one transaction
-- held an advisory lock per member: PostgreSQL's lock table, 64 x max_connections slots by default, refused groups of a
-- few thousand members). The first step marks the group: from then on it is gone for every operation, and any
-- instance finishes the steps, after a crash too.
ALTER TABLE thing_group ADD COLUMN deleting BOOLEAN NOT NULL DEFAULT false;
CREATE INDEX thing_group_deleting ON thing_group (name) WHERE deleting;

-- Verdicts that name a deleted dynamic group (every thing decided while it existed has one) are forgotten in the
-- background, a batch of things per transaction: those taken under a query revision up to up_to_revision, so that
-- the verdicts of a group re-created under the same name stay.
CREATE TABLE verdict_sweep (
    group_name     TEXT   NOT NULL,
    up_to_revision BIGINT NOT NULL,
    after_thing    TEXT   NOT NULL DEFAULT '', -- the sweep's progress: things up to this name are done
    PRIMARY KEY (group_name, up_to_revision)
);

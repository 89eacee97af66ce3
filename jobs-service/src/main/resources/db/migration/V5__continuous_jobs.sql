-- Continuous jobs (docs/aws-behaviour.md §5.19): the highest revision of aws.events.thingGroupMembership applied per
-- thing. The group-service takes every membership change's revision from one sequence, so a thing's revisions grow;
-- an event at or below the one applied was already reflected (the consumer reads the thing's groups as they are when
-- it applies an event, never the event's own delta), and a redelivery is skipped without asking the group-service.
CREATE TABLE thing_membership_revision (
    thing_name TEXT   PRIMARY KEY,
    revision   BIGINT NOT NULL
);

-- The continuous jobs still taking things, which every membership change is matched against.
CREATE INDEX job_continuous_active ON job (job_id) WHERE target_selection = 'CONTINUOUS'
    AND status IN ('IN_PROGRESS', 'SCHEDULED');
-- The jobs a thing is a target of (a removal from a group looks the thing's rows up by name).
CREATE INDEX job_target_thing_by_thing ON job_target_thing (thing_name);

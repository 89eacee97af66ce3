-- When each thing last changed: the timestamp of its latest THING event, to the millisecond, so that the gRPC stream
-- (ThingRecord.last_modified_millis) and the events agree. Things written before this column take the migration's
-- time, their last change being unknown; every write sets it from then on.
ALTER TABLE thing ADD COLUMN last_modified TIMESTAMPTZ NOT NULL DEFAULT now();
ALTER TABLE thing ALTER COLUMN last_modified DROP DEFAULT;

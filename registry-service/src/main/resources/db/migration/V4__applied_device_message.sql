-- The devices' requests (iotdm.device.inbound) that have been applied, by the gateway's message id, so that Kafka's
-- redelivery does not apply one twice; kept a little longer than the topic keeps a record, then pruned.
CREATE TABLE applied_device_message (
    message_id TEXT        PRIMARY KEY,
    applied_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX applied_device_message_applied_at ON applied_device_message (applied_at);

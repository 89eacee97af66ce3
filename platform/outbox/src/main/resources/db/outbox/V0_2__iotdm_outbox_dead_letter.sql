-- Events that Kafka refused for good (a record larger than the topic allows, an invalid topic, unreadable headers):
-- the relay moves such a row here, with Kafka's reason, and goes on with the events behind it. A row is replayed by
-- moving it back into iotdm_outbox (platform/outbox/README.md).
CREATE TABLE iotdm_outbox_dead_letter (
    outbox_id  BIGINT      PRIMARY KEY, -- its id in iotdm_outbox: its place in the commit order
    topic      TEXT        NOT NULL,
    record_key TEXT        NOT NULL,
    headers    TEXT        NOT NULL,
    payload    TEXT        NOT NULL,
    created_at TIMESTAMPTZ NOT NULL, -- when the event committed
    refused_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    reason     TEXT        NOT NULL -- Kafka's error: its class and message
);

-- Events committed with the write that caused them; the relay deletes a row once Kafka has acknowledged it.
CREATE TABLE iotdm_outbox (
    id         BIGSERIAL PRIMARY KEY,
    topic      TEXT        NOT NULL,
    record_key TEXT        NOT NULL,
    headers    TEXT        NOT NULL, -- a JSON object: the Kafka record headers
    payload    TEXT        NOT NULL, -- the exact AWS JSON, kept as text so that its member order survives
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

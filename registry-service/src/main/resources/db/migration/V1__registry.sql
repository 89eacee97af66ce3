-- Every write to a thing takes the next revision: a number that only grows, across deletion and re-creation, so
-- that consumers can order a thing's events even when its AWS version restarts at 1.
CREATE SEQUENCE thing_revision;

CREATE TABLE thing_type (
    name                  TEXT PRIMARY KEY,
    id                    TEXT        NOT NULL,
    properties            TEXT        NOT NULL, -- thingTypeProperties as given (JSON)
    deprecated            BOOLEAN     NOT NULL DEFAULT FALSE,
    deprecation_date      TIMESTAMPTZ,
    creation_date         TIMESTAMPTZ NOT NULL,
    version               BIGINT      NOT NULL
);

CREATE TABLE thing (
    name               TEXT PRIMARY KEY,
    id                 TEXT        NOT NULL,
    thing_type_name    TEXT REFERENCES thing_type (name),
    attributes         JSONB       NOT NULL,
    version            BIGINT      NOT NULL,
    revision           BIGINT      NOT NULL,
    billing_group_name TEXT
);
CREATE INDEX thing_by_type ON thing (thing_type_name, name);
CREATE INDEX thing_by_attribute ON thing USING GIN (attributes jsonb_path_ops);

CREATE TABLE tag (
    resource_arn TEXT NOT NULL,
    tag_key      TEXT NOT NULL,
    tag_value    TEXT NOT NULL,
    PRIMARY KEY (resource_arn, tag_key)
);

CREATE TABLE event_configuration (
    event_type    TEXT PRIMARY KEY,
    enabled       BOOLEAN     NOT NULL,
    last_modified TIMESTAMPTZ NOT NULL
);

-- A shadow row outlives its deletion for a while (deleted_at set), so that a re-created shadow continues its
-- version numbering as AWS's does.
CREATE TABLE shadow (
    thing_name  TEXT        NOT NULL,
    shadow_name TEXT        NOT NULL, -- '' for the classic shadow
    document    TEXT,                 -- null while deleted
    version     BIGINT      NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL,
    deleted_at  TIMESTAMPTZ,
    PRIMARY KEY (thing_name, shadow_name)
);

CREATE TABLE v2_logging_options (
    singleton            BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (singleton),
    role_arn             TEXT,
    default_log_level    TEXT,
    disable_all_logs     BOOLEAN NOT NULL DEFAULT FALSE,
    event_configurations TEXT -- JSON array as given
);

CREATE TABLE v2_logging_level (
    target_type TEXT NOT NULL,
    target_name TEXT NOT NULL,
    log_level   TEXT NOT NULL,
    PRIMARY KEY (target_type, target_name)
);

CREATE TABLE retained_message (
    topic              TEXT PRIMARY KEY,
    payload            BYTEA       NOT NULL,
    qos                INT         NOT NULL,
    user_properties    TEXT,
    last_modified_time TIMESTAMPTZ NOT NULL
);

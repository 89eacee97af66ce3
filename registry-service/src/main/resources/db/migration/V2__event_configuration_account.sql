-- DescribeEventConfigurations answers when the account's event configuration was created. Every AWS account has one
-- from the start, with all types off, so iotdm's comes with the schema; event_configuration holds the types changed
-- since, and the latest of their last_modified is the configuration's lastModifiedDate.
CREATE TABLE event_configuration_account (
    singleton     BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (singleton),
    creation_date TIMESTAMPTZ NOT NULL DEFAULT now()
);
INSERT INTO event_configuration_account DEFAULT VALUES;

-- Registrations of provisioning templates (RegisterThing, bulk registration, JITP, fleet provisioning), one row per
-- registration key, so that a registration is applied once and one left part-way by a dead process is finished or
-- undone (docs/architecture.md §6, "Registrations"; provisioning-service/README.md).
CREATE TABLE registration (
    registration_key TEXT        PRIMARY KEY,
    -- the ProvisioningPlan, as JSON (registration/PlanJson)
    plan             TEXT        NOT NULL,
    -- the id the registry gives the thing when this registration creates it: UnprovisionThing deletes only that one
    thing_id         TEXT        NOT NULL,
    status           TEXT        NOT NULL, -- IN_PROGRESS | COMPLETE | FAILED
    step             TEXT        NOT NULL, -- VALIDATE | THING | GROUPS | COMMIT | UNDO | DONE
    -- the certificate issued for the plan's CSR: issued once, so that a resumed run stores this one and no other
    certificate_pem  TEXT,
    -- COMPLETE: the logical ids' ARNs, as a JSON object
    resource_arns    TEXT,
    -- FAILED (and UNDO): the AWS error the caller gets
    error_type       TEXT,
    error_message    TEXT,
    -- the run that holds the registration, until lease_until; a registration whose lease has passed is resumed
    lease_token      TEXT        NOT NULL,
    lease_until      TIMESTAMPTZ NOT NULL,
    created_at       TIMESTAMPTZ NOT NULL,
    updated_at       TIMESTAMPTZ NOT NULL
);
CREATE INDEX registration_in_progress ON registration (lease_until) WHERE status = 'IN_PROGRESS';

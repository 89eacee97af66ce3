-- Verdicts name the groups they were taken for; earlier releases kept those of deleted groups for ever (each backfill
-- added its group to every member's verdicts). Deleting a group now removes it from its members' verdicts; this
-- forgets what was kept before.
UPDATE thing_verdict v
SET verdicts = (SELECT coalesce(jsonb_object_agg(e.key, e.value), '{}'::jsonb)
                FROM jsonb_each(v.verdicts) AS e
                WHERE EXISTS (SELECT 1 FROM thing_group t WHERE t.name = e.key))
WHERE EXISTS (SELECT 1 FROM jsonb_object_keys(v.verdicts) AS k
              WHERE NOT EXISTS (SELECT 1 FROM thing_group t WHERE t.name = k));

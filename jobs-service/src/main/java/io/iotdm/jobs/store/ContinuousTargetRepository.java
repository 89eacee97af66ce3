package io.iotdm.jobs.store;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The things of continuous jobs as their target groups change (docs/aws-behaviour.md §5.19): which jobs a thing's
 * membership change concerns, and the thing joining or leaving a job's targets ({@code job_target_thing}).
 */
@ApplicationScoped
public class ContinuousTargetRepository {

    /**
     * A continuous job that still takes things, seen from one thing.
     *
     * @param reached whether the job reaches the thing now: names it, or targets one of its groups (or an ancestor)
     * @param targeted whether the thing is one of the job's target things (queued or still waiting for the rollout)
     */
    public record Reach(String jobId, JobStatus status, boolean reached, boolean targeted) {}

    /** Whether any continuous job that still takes things targets a thing group: else no membership concerns a job. */
    public Uni<Boolean> anyTakingGroupMembers(SqlClient client) {
        return client.preparedQuery("SELECT EXISTS (SELECT 1 FROM job j WHERE j.target_selection = 'CONTINUOUS'"
                        + " AND j.status IN ('IN_PROGRESS', 'SCHEDULED')"
                        + " AND EXISTS (SELECT 1 FROM job_thing_group g WHERE g.job_id = j.job_id))")
                .execute()
                .map(rows -> rows.iterator().next().getBoolean(0));
    }

    /**
     * The continuous jobs that still take things and either reach the thing or have it among their target things,
     * locked FOR SHARE in job id order: a CancelJob or an abort (which lock the job FOR UPDATE) waits for this change,
     * so no execution is queued for a job that is being canceled. A job past its {@code schedulingConfig.endTime} takes
     * no more things (docs/aws-behaviour.md §5.20).
     *
     * @param groupIds the ids of the thing's groups and of their ancestors
     */
    public Uni<List<Reach>> lockConcerned(
            SqlClient transaction, String thingName, String thingArn, Collection<String> groupIds, Instant now) {
        return transaction
                .preparedQuery("SELECT j.job_id, j.status, ($2 = ANY(j.targets) OR EXISTS (SELECT 1 FROM"
                        + " job_thing_group g WHERE g.job_id = j.job_id AND g.thing_group_id = ANY($3))) AS reached,"
                        + " EXISTS (SELECT 1 FROM job_target_thing t WHERE t.job_id = j.job_id AND t.thing_name = $1)"
                        + " AS targeted FROM job j WHERE j.target_selection = 'CONTINUOUS'"
                        + " AND j.status IN ('IN_PROGRESS', 'SCHEDULED') AND (j.end_time IS NULL OR j.end_time > $4)"
                        + " AND (EXISTS (SELECT 1 FROM job_thing_group g WHERE g.job_id = j.job_id"
                        + " AND g.thing_group_id = ANY($3))"
                        + " OR EXISTS (SELECT 1 FROM job_target_thing t WHERE t.job_id = j.job_id"
                        + " AND t.thing_name = $1))"
                        + " ORDER BY j.job_id FOR SHARE OF j")
                .execute(Tuple.of(thingName, thingArn, groupIds.toArray(String[]::new), Sql.utc(now)))
                .map(rows -> {
                    List<Reach> found = new ArrayList<>();
                    rows.forEach(row -> found.add(new Reach(
                            row.getString("job_id"),
                            JobStatus.valueOf(row.getString("status")),
                            row.getBoolean("reached"),
                            row.getBoolean("targeted"))));
                    return found;
                });
    }

    /**
     * The thing joins the job's target things after those it has; {@code queued} when its execution is queued in the
     * same transaction (a job in progress), else the rollout queues it when the job starts.
     */
    public Uni<Void> join(SqlClient transaction, String jobId, String thingName, boolean queued) {
        return transaction
                .preparedQuery("INSERT INTO job_target_thing (job_id, thing_name, position, queued)"
                        + " SELECT $1, $2, coalesce(max(position), 0) + 1, $3 FROM job_target_thing WHERE job_id = $1"
                        + " ON CONFLICT DO NOTHING")
                .execute(Tuple.of(jobId, thingName, queued))
                .replaceWithVoid();
    }

    /** The thing is no longer one of the job's target things. */
    public Uni<Void> leave(SqlClient transaction, String jobId, String thingName) {
        return transaction
                .preparedQuery("DELETE FROM job_target_thing WHERE job_id = $1 AND thing_name = $2")
                .execute(Tuple.of(jobId, thingName))
                .replaceWithVoid();
    }

    /** The highest membership revision applied for the thing, 0 for none. */
    public Uni<Long> appliedRevision(SqlClient client, String thingName) {
        return client.preparedQuery("SELECT revision FROM thing_membership_revision WHERE thing_name = $1")
                .execute(Tuple.of(thingName))
                .map(rows -> rows.iterator().hasNext() ? rows.iterator().next().getLong(0) : 0L);
    }

    /** Records {@code revision} as applied for the thing (a lower one never replaces a higher one). */
    public Uni<Void> applied(SqlClient transaction, String thingName, long revision) {
        return transaction
                .preparedQuery("INSERT INTO thing_membership_revision (thing_name, revision) VALUES ($1, $2)"
                        + " ON CONFLICT (thing_name) DO UPDATE SET revision = greatest(thing_membership_revision.revision,"
                        + " excluded.revision)")
                .execute(Tuple.of(thingName, revision))
                .replaceWithVoid();
    }
}

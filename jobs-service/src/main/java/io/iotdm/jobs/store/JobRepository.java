package io.iotdm.jobs.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Jobs, their thing-group targets and the things their rollouts reach. */
@ApplicationScoped
public class JobRepository {

    private static final String COLUMNS = "job_id, status, target_selection, targets, document, document_source,"
            + " description,"
            + " maximum_per_minute, abort_config, in_progress_timeout_minutes, retry_config,"
            + " exponential_rate, scheduling_config, force_canceled, reason_code, comment, created_at, last_updated_at, completed_at,"
            + " creation_order";

    /** A thing group a job targets. */
    public record ThingGroupTarget(String name, String id) {}

    /** The filters of ListJobs; each {@code null} when absent. */
    public record Filter(JobStatus status, String targetSelection, String thingGroupName, String thingGroupId) {}

    /** The job and the thing groups it targets; its target things are added after it ({@link #addTargetThings}). */
    public Uni<Void> insert(SqlClient transaction, Job job, List<ThingGroupTarget> groups) {
        SchedulingConfig scheduling = job.configurations().schedulingConfig();
        return transaction
                .preparedQuery("INSERT INTO job (job_id, status, target_selection, targets, document, description,"
                        + " maximum_per_minute, abort_config, in_progress_timeout_minutes, retry_config,"
                        + " exponential_rate, created_at, last_updated_at, version, scheduling_config, end_time,"
                        + " document_source)"
                        + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12, 1, $13, $14, $15)")
                .execute(Tuple.tuple()
                        .addString(job.jobId())
                        .addString(job.status().name())
                        .addString(job.targetSelection())
                        .addArrayOfString(job.targets().toArray(String[]::new))
                        .addString(job.document())
                        .addString(job.description())
                        .addInteger(job.maximumPerMinute())
                        .addJsonObject(Sql.jsonb(json(job.configurations().abortConfig())))
                        .addLong(job.configurations().inProgressTimeoutInMinutes())
                        .addJsonObject(Sql.jsonb(json(job.configurations().retryConfig())))
                        .addJsonObject(Sql.jsonb(json(job.configurations().exponentialRate())))
                        .addOffsetDateTime(Sql.utc(job.createdAt()))
                        .addJsonObject(Sql.jsonb(scheduling == null ? null : scheduling.json()))
                        .addOffsetDateTime(Sql.utc(scheduling == null ? null : scheduling.endTime()))
                        .addString(job.documentSource()))
                .chain(() -> transaction
                        .preparedQuery("INSERT INTO job_thing_group (job_id, thing_group_name, thing_group_id)"
                                + " SELECT $1, * FROM unnest($2::text[], $3::text[])")
                        .execute(Tuple.of(
                                job.jobId(),
                                groups.stream().map(ThingGroupTarget::name).toArray(String[]::new),
                                groups.stream().map(ThingGroupTarget::id).toArray(String[]::new))))
                .replaceWithVoid();
    }

    /**
     * AssociateTargetsWithJob (docs/aws-behaviour.md §5.16): the job's targets become {@code targets} (its comment
     * {@code comment} when one is given, {@code null} keeps it), the groups are
     * added to those it targets; the things it does not reach yet then join its rollout after those it has ({@link
     * #lastTargetPosition}, {@link #addTargetThings}), as CreateJob's do.
     */
    public Uni<Void> addTargets(
            SqlClient transaction,
            String jobId,
            List<String> targets,
            String comment,
            Instant at,
            List<ThingGroupTarget> groups) {
        return transaction
                .preparedQuery("UPDATE job SET targets = $2, comment = coalesce($3, comment), last_updated_at = $4,"
                        + " version = version + 1 WHERE job_id = $1")
                .execute(Tuple.of(jobId, targets.toArray(String[]::new), comment, Sql.utc(at)))
                .chain(() -> transaction
                        .preparedQuery("INSERT INTO job_thing_group (job_id, thing_group_name, thing_group_id)"
                                + " SELECT $1, * FROM unnest($2::text[], $3::text[]) ON CONFLICT DO NOTHING")
                        .execute(Tuple.of(
                                jobId,
                                groups.stream().map(ThingGroupTarget::name).toArray(String[]::new),
                                groups.stream().map(ThingGroupTarget::id).toArray(String[]::new))))
                .replaceWithVoid();
    }

    /** The position of the job's last target thing in its rollout's order, 0 when it has none. */
    public Uni<Integer> lastTargetPosition(SqlClient transaction, String jobId) {
        return transaction
                .preparedQuery("SELECT coalesce(max(position), 0) FROM job_target_thing WHERE job_id = $1")
                .execute(Tuple.of(jobId))
                .map(rows -> rows.iterator().next().getInteger(0));
    }

    /**
     * Adds things to the job's rollout, in the order given, from position {@code after + 1} on; a thing the job reaches
     * already keeps its place (and leaves a gap in the positions, which only order).
     */
    public Uni<Void> addTargetThings(SqlClient transaction, String jobId, int after, List<String> things) {
        return transaction
                .preparedQuery("INSERT INTO job_target_thing (job_id, thing_name, position)"
                        + " SELECT $1, thing, $3 + position FROM unnest($2::text[]) WITH ORDINALITY AS t(thing,"
                        + " position) ON CONFLICT DO NOTHING")
                .execute(Tuple.of(jobId, things.toArray(String[]::new), after))
                .replaceWithVoid();
    }

    /** @return the job, or {@code null} */
    public Uni<Job> find(SqlClient client, String jobId) {
        return client.preparedQuery("SELECT " + COLUMNS + " FROM job WHERE job_id = $1")
                .execute(Tuple.of(jobId))
                .map(JobRepository::first);
    }

    /** The job locked for a change of its status (FOR UPDATE), or {@code null}. */
    public Uni<Job> lock(SqlClient transaction, String jobId) {
        return transaction
                .preparedQuery("SELECT " + COLUMNS + " FROM job WHERE job_id = $1 FOR UPDATE")
                .execute(Tuple.of(jobId))
                .map(JobRepository::first);
    }

    /** Writes the job's status, cancellation and dates; the job's event version grows by one. */
    public Uni<Void> update(SqlClient transaction, Job job) {
        return transaction
                .preparedQuery("UPDATE job SET status = $2, force_canceled = $3, reason_code = $4, comment = $5,"
                        + " last_updated_at = $6, completed_at = $7, version = version + 1 WHERE job_id = $1")
                .execute(Tuple.tuple()
                        .addString(job.jobId())
                        .addString(job.status().name())
                        .addBoolean(job.forceCanceled())
                        .addString(job.reasonCode())
                        .addString(job.comment())
                        .addOffsetDateTime(Sql.utc(job.lastUpdatedAt()))
                        .addOffsetDateTime(Sql.utc(job.completedAt())))
                .replaceWithVoid();
    }

    /** Writes UpdateJob's members (docs/aws-behaviour.md §5.18); the job's event version grows by one. */
    public Uni<Void> updateConfiguration(SqlClient transaction, Job job) {
        return transaction
                .preparedQuery("UPDATE job SET description = $2, maximum_per_minute = $3, abort_config = $4,"
                        + " in_progress_timeout_minutes = $5, retry_config = $6, exponential_rate = $7,"
                        + " last_updated_at = $8, version = version + 1 WHERE job_id = $1")
                .execute(Tuple.tuple()
                        .addString(job.jobId())
                        .addString(job.description())
                        .addInteger(job.maximumPerMinute())
                        .addJsonObject(Sql.jsonb(json(job.configurations().abortConfig())))
                        .addLong(job.configurations().inProgressTimeoutInMinutes())
                        .addJsonObject(Sql.jsonb(json(job.configurations().retryConfig())))
                        .addJsonObject(Sql.jsonb(json(job.configurations().exponentialRate())))
                        .addOffsetDateTime(Sql.utc(job.lastUpdatedAt())))
                .replaceWithVoid();
    }

    public Uni<Void> delete(SqlClient transaction, String jobId) {
        return transaction
                .preparedQuery("DELETE FROM job WHERE job_id = $1")
                .execute(Tuple.of(jobId))
                .replaceWithVoid();
    }

    /** Jobs being deleted now. */
    public Uni<Long> deleting(SqlClient client) {
        return client.preparedQuery("SELECT count(*) FROM job WHERE status = 'DELETION_IN_PROGRESS'")
                .execute()
                .map(rows -> rows.iterator().next().getLong(0));
    }

    /**
     * A job as ListJobs summarises it.
     *
     * @param thingGroupId the first thing group the job targets, {@code null} for a job of things only
     * @param rollingOut whether the rollout has things left to reach ({@code isConcurrent})
     */
    public record Summary(Job job, String thingGroupId, boolean rollingOut) {}

    /** A page of jobs newest first, after the job of {@code beforeOrder} ({@code null}: from the newest). */
    public Uni<List<Summary>> list(SqlClient client, Filter filter, Long beforeOrder, int limit) {
        return client.preparedQuery("SELECT " + COLUMNS + ", (SELECT g.thing_group_id FROM job_thing_group g"
                        + " WHERE g.job_id = j.job_id ORDER BY g.thing_group_name LIMIT 1) AS first_group_id,"
                        + " EXISTS (SELECT 1 FROM job_target_thing t WHERE t.job_id = j.job_id AND NOT t.queued)"
                        + " AS rolling_out FROM job j WHERE ($1::text IS NULL OR status = $1)"
                        + " AND ($2::text IS NULL OR target_selection = $2)"
                        + " AND ($3::text IS NULL OR EXISTS (SELECT 1 FROM job_thing_group g WHERE g.job_id = j.job_id"
                        + " AND g.thing_group_name = $3))"
                        + " AND ($4::text IS NULL OR EXISTS (SELECT 1 FROM job_thing_group g WHERE g.job_id = j.job_id"
                        + " AND g.thing_group_id = $4))"
                        + " AND creation_order < $5 ORDER BY creation_order DESC LIMIT $6")
                .execute(Tuple.tuple()
                        .addString(
                                filter.status() == null ? null : filter.status().name())
                        .addString(filter.targetSelection())
                        .addString(filter.thingGroupName())
                        .addString(filter.thingGroupId())
                        .addLong(beforeOrder == null ? Long.MAX_VALUE : beforeOrder)
                        .addInteger(limit))
                .map(rows -> {
                    List<Summary> jobs = new ArrayList<>();
                    rows.forEach(row -> jobs.add(
                            new Summary(job(row), row.getString("first_group_id"), row.getBoolean("rolling_out"))));
                    return jobs;
                });
    }

    /** The number of the job's things per status of their latest execution: the exact {@code jobProcessDetails}. */
    public Uni<Map<ExecutionStatus, Long>> executionCounts(SqlClient client, String jobId) {
        // a thing counts once, by its latest execution: a retried thing is not one more executed thing (abort
        // criteria, jobProcessDetails' numberOf...Things, completion all count things)
        return client.preparedQuery("SELECT status, count(*) FROM (SELECT DISTINCT ON (thing_name) status"
                        + " FROM job_execution WHERE job_id = $1 ORDER BY thing_name, execution_number DESC) latest"
                        + " GROUP BY status")
                .execute(Tuple.of(jobId))
                .map(rows -> {
                    Map<ExecutionStatus, Long> counts = new EnumMap<>(ExecutionStatus.class);
                    for (ExecutionStatus status : ExecutionStatus.values()) {
                        counts.put(status, 0L);
                    }
                    rows.forEach(row -> counts.put(ExecutionStatus.valueOf(row.getString(0)), row.getLong(1)));
                    return counts;
                });
    }

    /**
     * The next {@code limit} things the rollout has not queued yet, in rollout order (also DescribeJob's
     * {@code processingTargets}).
     */
    public Uni<List<String>> pendingThings(SqlClient client, String jobId, int limit) {
        return client.preparedQuery("SELECT thing_name FROM job_target_thing WHERE job_id = $1 AND NOT queued"
                        + " ORDER BY position LIMIT $2")
                .execute(Tuple.of(jobId, limit))
                .map(rows -> {
                    List<String> things = new ArrayList<>();
                    rows.forEach(row -> things.add(row.getString(0)));
                    return things;
                });
    }

    public Uni<Void> markQueued(SqlClient transaction, String jobId, List<String> things) {
        return transaction
                .preparedQuery("UPDATE job_target_thing SET queued = TRUE WHERE job_id = $1 AND thing_name = ANY($2)")
                .execute(Tuple.of(jobId, things.toArray(String[]::new)))
                .replaceWithVoid();
    }

    /** Forgets the things not queued yet: a canceled job's rollout stops. */
    public Uni<Void> dropPendingThings(SqlClient transaction, String jobId) {
        return transaction
                .preparedQuery("DELETE FROM job_target_thing WHERE job_id = $1 AND NOT queued")
                .execute(Tuple.of(jobId))
                .replaceWithVoid();
    }

    private static JobConfigurations configurations(Row row) {
        JsonNode abort = Sql.jsonb(row, "abort_config");
        JsonNode retry = Sql.jsonb(row, "retry_config");
        JsonNode exponential = Sql.jsonb(row, "exponential_rate");
        JsonNode scheduling = Sql.jsonb(row, "scheduling_config");
        return new JobConfigurations(
                abort == null ? null : AbortConfig.of(abort),
                row.getLong("in_progress_timeout_minutes"),
                retry == null ? null : RetryConfig.of(retry),
                exponential == null ? null : ExponentialRate.of(exponential),
                scheduling == null ? null : SchedulingConfig.of(scheduling));
    }

    private static ObjectNode json(AbortConfig config) {
        return config == null ? null : config.json();
    }

    private static ObjectNode json(RetryConfig config) {
        return config == null ? null : config.json();
    }

    private static ObjectNode json(ExponentialRate rate) {
        return rate == null ? null : rate.json();
    }

    private static Job first(RowSet<Row> rows) {
        var iterator = rows.iterator();
        return iterator.hasNext() ? job(iterator.next()) : null;
    }

    private static Job job(Row row) {
        return new Job(
                row.getString("job_id"),
                JobStatus.valueOf(row.getString("status")),
                row.getString("target_selection"),
                Arrays.asList(row.getArrayOfStrings("targets")),
                row.getString("document"),
                row.getString("document_source"),
                row.getString("description"),
                row.getInteger("maximum_per_minute"),
                configurations(row),
                row.getBoolean("force_canceled"),
                row.getString("reason_code"),
                row.getString("comment"),
                Sql.instant(row, "created_at"),
                Sql.instant(row, "last_updated_at"),
                Sql.instant(row, "completed_at"),
                row.getLong("creation_order"));
    }
}

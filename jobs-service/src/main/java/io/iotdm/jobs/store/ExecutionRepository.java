package io.iotdm.jobs.store;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Job executions. */
@ApplicationScoped
public class ExecutionRepository {

    /**
     * {@code iotdm_job_executions_dispatched_total{attempt="first|retry"}}: the executions queued, the rollout rate as
     * Prometheus sees it (docs/operations.md). Counted when the insert returns, inside the transaction: a step that
     * then rolls back (rare: the database failed mid-step) is counted though its executions are queued again later,
     * which a rate over minutes absorbs; no job id in the tags, so the series stay few whatever the number of jobs.
     */
    private final Counter firstAttempts;

    private final Counter retries;

    ExecutionRepository(MeterRegistry registry) {
        this.firstAttempts = dispatched(registry, "first");
        this.retries = dispatched(registry, "retry");
    }

    private static Counter dispatched(MeterRegistry registry, String attempt) {
        return Counter.builder("iotdm.job.executions.dispatched")
                .description("Job executions queued for devices (first attempts and retries)")
                .tag("attempt", attempt)
                .register(registry);
    }

    static final String COLUMNS = "job_id, thing_name, execution_number, status, force_canceled, status_details,"
            + " queued_at, started_at, last_updated_at, version_number, in_progress_deadline, step_deadline,"
            + " retry_attempt";

    /** The filters of ListJobExecutionsForThing; each {@code null} when absent. */
    public record ThingFilter(String thingName, ExecutionStatus status, String jobId) {}

    /**
     * Queues an execution of each thing at the job, version 1: number 1 for a thing's first, else one more than its
     * highest (a thing that rejoins a continuous job's group after its execution was REMOVED, docs/aws-behaviour.md
     * §5.19).
     */
    public Uni<List<JobExecution>> queue(SqlClient transaction, String jobId, List<String> things, Instant at) {
        return transaction
                .preparedQuery("INSERT INTO job_execution (job_id, thing_name, execution_number, status, queued_at,"
                        + " last_updated_at, version_number) SELECT $1, thing, coalesce((SELECT max(e.execution_number)"
                        + " FROM job_execution e WHERE e.job_id = $1 AND e.thing_name = thing), 0) + 1, 'QUEUED', $3,"
                        + " $3, 1 FROM unnest($2::text[]) AS t(thing) RETURNING " + COLUMNS)
                .execute(Tuple.of(jobId, things.toArray(String[]::new), Sql.utc(at)))
                .map(ExecutionRepository::all)
                .invoke(queued -> firstAttempts.increment(queued.size()));
    }

    /**
     * Queues the retry of {@code ended} (docs/aws-behaviour.md §5.12): the thing's next execution number, version 1,
     * one retry attempt more.
     */
    public Uni<JobExecution> queueRetry(SqlClient transaction, JobExecution ended, Instant at) {
        return transaction
                .preparedQuery("INSERT INTO job_execution (job_id, thing_name, execution_number, status, queued_at,"
                        + " last_updated_at, version_number, retry_attempt)"
                        + " SELECT $1, $2, max(execution_number) + 1, 'QUEUED', $3, $3, 1, $4 FROM job_execution"
                        + " WHERE job_id = $1 AND thing_name = $2 RETURNING " + COLUMNS)
                .execute(Tuple.of(ended.jobId(), ended.thingName(), Sql.utc(at), ended.retryAttempt() + 1))
                .map(ExecutionRepository::first)
                .invoke(retry -> retries.increment());
    }

    /**
     * How many of the thing's executions of the job ended in one of these statuses since it last joined the job: the
     * count starts over when a thing rejoins a continuous job's group (docs/aws-behaviour.md §5.1), so executions up to
     * its latest REMOVED one do not count.
     */
    public Uni<Long> countEnded(SqlClient transaction, String jobId, String thingName, Set<ExecutionStatus> statuses) {
        return transaction
                .preparedQuery("SELECT count(*) FROM job_execution WHERE job_id = $1 AND thing_name = $2"
                        + " AND status = ANY($3) AND execution_number > coalesce((SELECT max(r.execution_number)"
                        + " FROM job_execution r WHERE r.job_id = $1 AND r.thing_name = $2 AND r.status = 'REMOVED'),"
                        + " 0)")
                .execute(Tuple.of(
                        jobId, thingName, statuses.stream().map(Enum::name).toArray(String[]::new)))
                .map(rows -> rows.iterator().next().getLong(0));
    }

    /**
     * The execution of a thing at a job: of {@code executionNumber}, or the latest when {@code null}; {@code null}
     * when there is none. {@code lock} takes it FOR UPDATE.
     */
    public Uni<JobExecution> find(
            SqlClient client, String jobId, String thingName, Long executionNumber, boolean lock) {
        return client.preparedQuery("SELECT " + COLUMNS + " FROM job_execution WHERE job_id = $1 AND thing_name = $2"
                        + " AND ($3::bigint IS NULL OR execution_number = $3) ORDER BY execution_number DESC LIMIT 1"
                        + (lock ? " FOR UPDATE" : ""))
                .execute(Tuple.of(jobId, thingName, executionNumber))
                .map(ExecutionRepository::first);
    }

    /**
     * Writes the execution's change. The in-progress timer starts here, in SQL, when the execution first turns
     * IN_PROGRESS: from the job's {@code timeoutConfig} as it is then (docs/aws-behaviour.md §5.11), so that no caller
     * has to read the job for it.
     */
    public Uni<Void> update(SqlClient transaction, JobExecution execution) {
        return transaction
                .preparedQuery("UPDATE job_execution e SET status = $4, force_canceled = $5, status_details = $6,"
                        + " started_at = $7, last_updated_at = $8, version_number = $9, step_deadline = $10,"
                        + " in_progress_deadline = CASE WHEN $4 = 'IN_PROGRESS' AND e.in_progress_deadline IS NULL"
                        + " THEN $8::timestamptz + (SELECT j.in_progress_timeout_minutes FROM job j WHERE j.job_id = $1)"
                        + " * interval '1 minute' ELSE e.in_progress_deadline END"
                        + " WHERE job_id = $1 AND thing_name = $2 AND execution_number = $3")
                .execute(Tuple.tuple()
                        .addString(execution.jobId())
                        .addString(execution.thingName())
                        .addLong(execution.executionNumber())
                        .addString(execution.status().name())
                        .addBoolean(execution.forceCanceled())
                        .addJsonObject(Sql.json(execution.statusDetails()))
                        .addOffsetDateTime(Sql.utc(execution.startedAt()))
                        .addOffsetDateTime(Sql.utc(execution.lastUpdatedAt()))
                        .addLong(execution.versionNumber())
                        .addOffsetDateTime(Sql.utc(execution.stepDeadline())))
                .replaceWithVoid();
    }

    public Uni<Void> delete(SqlClient transaction, JobExecution execution) {
        return transaction
                .preparedQuery(
                        "DELETE FROM job_execution WHERE job_id = $1 AND thing_name = $2 AND execution_number = $3")
                .execute(Tuple.of(execution.jobId(), execution.thingName(), execution.executionNumber()))
                .replaceWithVoid();
    }

    /** Deletes up to {@code limit} of the job's executions, and answers them. */
    public Uni<List<JobExecution>> deleteSome(SqlClient transaction, String jobId, int limit) {
        return transaction
                .preparedQuery("DELETE FROM job_execution WHERE (job_id, thing_name, execution_number) IN"
                        + " (SELECT job_id, thing_name, execution_number FROM job_execution WHERE job_id = $1"
                        + " LIMIT $2 FOR UPDATE) RETURNING " + COLUMNS)
                .execute(Tuple.of(jobId, limit))
                .map(ExecutionRepository::all);
    }

    /** The job's executions in these statuses, locked (FOR UPDATE) to change them. */
    public Uni<List<JobExecution>> lockInStatus(SqlClient transaction, String jobId, List<ExecutionStatus> statuses) {
        return transaction
                .preparedQuery("SELECT " + COLUMNS + " FROM job_execution WHERE job_id = $1 AND status = ANY($2)"
                        + " ORDER BY thing_name, execution_number FOR UPDATE")
                .execute(Tuple.of(jobId, statuses.stream().map(Enum::name).toArray(String[]::new)))
                .map(ExecutionRepository::all);
    }

    /** The thing's QUEUED executions of the job, locked (FOR UPDATE) to change them. */
    public Uni<List<JobExecution>> lockQueued(SqlClient transaction, String jobId, String thingName) {
        return transaction
                .preparedQuery("SELECT " + COLUMNS + " FROM job_execution WHERE job_id = $1 AND thing_name = $2"
                        + " AND status = 'QUEUED' ORDER BY execution_number FOR UPDATE")
                .execute(Tuple.of(jobId, thingName))
                .map(ExecutionRepository::all);
    }

    /** Whether any of the job's executions has started (UpdateJob's timeoutConfig rule, docs/aws-behaviour.md §5.18). */
    public Uni<Boolean> anyStarted(SqlClient client, String jobId) {
        return client.preparedQuery(
                        "SELECT EXISTS (SELECT 1 FROM job_execution WHERE job_id = $1" + " AND started_at IS NOT NULL)")
                .execute(Tuple.of(jobId))
                .map(rows -> rows.iterator().next().getBoolean(0));
    }

    /** Whether any of the job's executions is not terminal yet. */
    public Uni<Boolean> anyActive(SqlClient client, String jobId) {
        return client.preparedQuery("SELECT EXISTS (SELECT 1 FROM job_execution WHERE job_id = $1"
                        + " AND status IN ('QUEUED', 'IN_PROGRESS'))")
                .execute(Tuple.of(jobId))
                .map(rows -> rows.iterator().next().getBoolean(0));
    }

    /** A page of a job's executions in (thingName, executionNumber) order, after the given one. */
    public Uni<List<JobExecution>> forJob(
            SqlClient client, String jobId, ExecutionStatus status, String afterThing, long afterNumber, int limit) {
        return client.preparedQuery("SELECT " + COLUMNS + " FROM job_execution WHERE job_id = $1"
                        + " AND ($2::text IS NULL OR status = $2) AND (thing_name, execution_number) > ($3, $4)"
                        + " ORDER BY thing_name, execution_number LIMIT $5")
                .execute(Tuple.of(jobId, status == null ? null : status.name(), afterThing, afterNumber, limit))
                .map(ExecutionRepository::all);
    }

    /** A page of a thing's executions in (jobId, executionNumber) order, after the given one. */
    public Uni<List<JobExecution>> forThing(
            SqlClient client, ThingFilter filter, String afterJob, long afterNumber, int limit) {
        return client.preparedQuery("SELECT " + COLUMNS + " FROM job_execution WHERE thing_name = $1"
                        + " AND ($2::text IS NULL OR status = $2) AND ($3::text IS NULL OR job_id = $3)"
                        + " AND (job_id, execution_number) > ($4, $5) ORDER BY job_id, execution_number LIMIT $6")
                .execute(Tuple.tuple()
                        .addString(filter.thingName())
                        .addString(
                                filter.status() == null ? null : filter.status().name())
                        .addString(filter.jobId())
                        .addString(afterJob)
                        .addLong(afterNumber)
                        .addInteger(limit))
                .map(ExecutionRepository::all);
    }

    /**
     * A thing's executions that are not terminal, IN_PROGRESS first, then QUEUED, each oldest first: the order in
     * which a device works them (docs/aws-behaviour.md §5.3). {@code lock} takes the first FOR UPDATE (StartNext).
     */
    public Uni<List<JobExecution>> pending(SqlClient client, String thingName, int limit, boolean lock) {
        return client.preparedQuery("SELECT " + COLUMNS + " FROM job_execution WHERE thing_name = $1"
                        + " AND status IN ('IN_PROGRESS', 'QUEUED')"
                        + " ORDER BY status = 'QUEUED', queued_at, job_id LIMIT $2" + (lock ? " FOR UPDATE" : ""))
                .execute(Tuple.of(thingName, limit))
                .map(ExecutionRepository::all);
    }

    /**
     * The IN_PROGRESS executions whose first timer is due at {@code now}, oldest deadline first, locked FOR UPDATE SKIP
     * LOCKED: another instance's sweep skips them, and one a device is updating right now is left for the next sweep
     * (docs/aws-behaviour.md §5.11).
     */
    public Uni<List<JobExecution>> leaseTimedOut(SqlClient transaction, Instant now, int limit) {
        return transaction
                .preparedQuery("SELECT " + COLUMNS + " FROM job_execution WHERE status = 'IN_PROGRESS'"
                        + " AND LEAST(in_progress_deadline, step_deadline) <= $1"
                        + " ORDER BY LEAST(in_progress_deadline, step_deadline) LIMIT $2 FOR UPDATE SKIP LOCKED")
                .execute(Tuple.of(Sql.utc(now), limit))
                .map(ExecutionRepository::all);
    }

    private static JobExecution first(RowSet<Row> rows) {
        var iterator = rows.iterator();
        return iterator.hasNext() ? execution(iterator.next()) : null;
    }

    private static List<JobExecution> all(RowSet<Row> rows) {
        List<JobExecution> executions = new ArrayList<>();
        rows.forEach(row -> executions.add(execution(row)));
        return executions;
    }

    static JobExecution execution(Row row) {
        return new JobExecution(
                row.getString("job_id"),
                row.getString("thing_name"),
                row.getLong("execution_number"),
                ExecutionStatus.valueOf(row.getString("status")),
                row.getBoolean("force_canceled"),
                Sql.details(row, "status_details"),
                Sql.instant(row, "queued_at"),
                Sql.instant(row, "started_at"),
                Sql.instant(row, "last_updated_at"),
                row.getLong("version_number"),
                Sql.instant(row, "in_progress_deadline"),
                Sql.instant(row, "step_deadline"),
                row.getInteger("retry_attempt"));
    }
}

package io.iotdm.jobs.store;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Rollouts: the engine's work, leased by row locks. */
@ApplicationScoped
public class RolloutRepository {

    private static final String COLUMNS =
            "job_id, state, due_at, window_started_at, queued_in_window, queued_total, ends_at";

    /** Writes the rollout, a new one or a changed one; due at its end at the latest while that is still to come. */
    public Uni<Void> save(SqlClient transaction, Rollout rollout) {
        return transaction
                .preparedQuery("INSERT INTO rollout (" + COLUMNS + ", last_step)"
                        + " VALUES ($1, $2, LEAST($3::timestamptz, $7::timestamptz), $4, $5, $6, $7, nextval('rollout_step'))"
                        + " ON CONFLICT (job_id) DO UPDATE SET state = $2, due_at = LEAST($3::timestamptz, $7::timestamptz),"
                        + " window_started_at = $4, queued_in_window = $5, queued_total = $6, ends_at = $7,"
                        + " last_step = nextval('rollout_step')")
                .execute(Tuple.tuple()
                        .addString(rollout.jobId())
                        .addString(rollout.state().name())
                        .addOffsetDateTime(Sql.utc(rollout.dueAt()))
                        .addOffsetDateTime(Sql.utc(rollout.windowStartedAt()))
                        .addInteger(rollout.queuedInWindow())
                        .addInteger(rollout.queuedTotal())
                        .addOffsetDateTime(Sql.utc(rollout.endsAt())))
                .replaceWithVoid();
    }

    public Uni<Void> delete(SqlClient transaction, String jobId) {
        return transaction
                .preparedQuery("DELETE FROM rollout WHERE job_id = $1")
                .execute(Tuple.of(jobId))
                .replaceWithVoid();
    }

    /**
     * The rollouts due at {@code now}, oldest due first (of those due at one instant, the one stepped longest ago),
     * locked for this transaction: FOR UPDATE SKIP LOCKED leaves those another instance is advancing to it, so no two
     * instances advance one rollout, and a rollout whose instance died is free again when its transaction is rolled
     * back.
     */
    public Uni<List<Rollout>> leaseDue(SqlClient transaction, Instant now, int limit) {
        return transaction
                .preparedQuery("SELECT " + COLUMNS + " FROM rollout WHERE due_at <= $1"
                        + " ORDER BY due_at, last_step LIMIT $2 FOR UPDATE SKIP LOCKED")
                .execute(Tuple.of(Sql.utc(now), limit))
                .map(rows -> {
                    List<Rollout> rollouts = new ArrayList<>();
                    rows.forEach(row -> rollouts.add(rollout(row)));
                    return rollouts;
                });
    }

    /** The job's rollout locked (FOR UPDATE), or {@code null} once it is over. */
    public Uni<Rollout> lock(SqlClient transaction, String jobId) {
        return transaction
                .preparedQuery("SELECT " + COLUMNS + " FROM rollout WHERE job_id = $1 FOR UPDATE")
                .execute(Tuple.of(jobId))
                .map(rows -> rows.iterator().hasNext() ? rollout(rows.iterator().next()) : null);
    }

    private static Rollout rollout(Row row) {
        return new Rollout(
                row.getString("job_id"),
                RolloutState.valueOf(row.getString("state")),
                Sql.instant(row, "due_at"),
                Sql.instant(row, "window_started_at"),
                row.getInteger("queued_in_window"),
                row.getInteger("queued_total"),
                Sql.instant(row, "ends_at"));
    }
}

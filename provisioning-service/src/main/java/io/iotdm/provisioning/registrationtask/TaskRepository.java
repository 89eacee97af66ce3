package io.iotdm.provisioning.registrationtask;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Thing registration tasks and their lines' outcomes in PostgreSQL, in the caller's session. Every change a runner makes
 * is guarded by its lease ({@code lease_owner}); leases are timed by the database's clock, so that instances whose
 * clocks differ agree on when one has expired.
 */
@ApplicationScoped
public class TaskRepository {

    /** The advisory lock that serializes StartThingRegistrationTask's count of running tasks with its insert. */
    private static final long START_LOCK = 0x7468696e67L; // "thing"

    public Uni<RegistrationTask> find(Mutiny.Session session, String taskId) {
        return session.find(RegistrationTask.class, taskId);
    }

    /**
     * Locks the starting of tasks until the transaction ends, and counts those that run.
     *
     * @return the tasks in progress or cancelling
     */
    Uni<Long> lockAndCountRunning(Mutiny.Session session) {
        return session.createNativeQuery("SELECT pg_advisory_xact_lock(" + START_LOCK + ")")
                .getSingleResult()
                .chain(() -> session.createSelectionQuery(
                                "select count(*) from RegistrationTask where status in (:running)", Long.class)
                        .setParameter("running", List.of(TaskStatus.InProgress, TaskStatus.Cancelling))
                        .getSingleResult());
    }

    Uni<Void> insert(Mutiny.Session session, RegistrationTask task) {
        return session.persist(task).call(session::flush);
    }

    /** @return at most {@code limit} tasks, newest first, created before {@code beforeOrder}, of the status if given */
    Uni<List<RegistrationTask>> page(Mutiny.Session session, TaskStatus status, long beforeOrder, int limit) {
        Mutiny.SelectionQuery<RegistrationTask> query = session.createSelectionQuery(
                        "from RegistrationTask where creationOrder < :before"
                                + (status == null ? "" : " and status = :status")
                                + " order by creationOrder desc",
                        RegistrationTask.class)
                .setParameter("before", beforeOrder);
        if (status != null) {
            query.setParameter("status", status);
        }
        return query.setMaxResults(limit).getResultList();
    }

    /** InProgress → Cancelling. @return whether the task was in progress */
    Uni<Boolean> cancel(Mutiny.Session session, String taskId) {
        return session.createNativeQuery("UPDATE thing_registration_task SET status = 'Cancelling',"
                        + " last_modified_date = now() WHERE task_id = :id AND status = 'InProgress'")
                .setParameter("id", taskId)
                .executeUpdate()
                .map(updated -> updated == 1);
    }

    /**
     * Claims, oldest first, running tasks whose lease has expired (or that never had one): rows another instance is
     * claiming at the same moment are skipped, not waited for.
     *
     * @return the ids of the tasks now leased to {@code owner}
     */
    Uni<List<String>> claim(Mutiny.Session session, String owner, Duration lease, int limit) {
        return session.createNativeQuery(
                        "UPDATE thing_registration_task SET lease_owner = :owner,"
                                + " lease_expires = now() + :millis * interval '1 millisecond'"
                                + " WHERE task_id IN (SELECT task_id FROM thing_registration_task"
                                + " WHERE status IN ('InProgress', 'Cancelling')"
                                + " AND (lease_expires IS NULL OR lease_expires < now())"
                                + " ORDER BY creation_order LIMIT :limit FOR UPDATE SKIP LOCKED)"
                                + " RETURNING task_id",
                        String.class)
                .setParameter("owner", owner)
                .setParameter("millis", lease.toMillis())
                .setParameter("limit", limit)
                .getResultList();
    }

    /**
     * Extends the lease of a task the owner holds.
     *
     * @return the task's status, or {@code null} when the owner no longer holds it
     */
    Uni<TaskStatus> renew(Mutiny.Session session, String taskId, String owner, Duration lease) {
        return session.createNativeQuery(
                        "UPDATE thing_registration_task SET lease_expires = now() + :millis * interval '1 millisecond'"
                                + " WHERE task_id = :id AND lease_owner = :owner RETURNING status",
                        String.class)
                .setParameter("id", taskId)
                .setParameter("owner", owner)
                .setParameter("millis", lease.toMillis())
                .getSingleResultOrNull()
                .map(status -> status == null ? null : TaskStatus.valueOf(status));
    }

    /** Gives the task up until {@code delay} from now (the runner failed for a reason that may pass). */
    Uni<Void> release(Mutiny.Session session, String taskId, String owner, Duration delay) {
        return session.createNativeQuery("UPDATE thing_registration_task SET lease_owner = NULL,"
                        + " lease_expires = now() + :millis * interval '1 millisecond'"
                        + " WHERE task_id = :id AND lease_owner = :owner")
                .setParameter("id", taskId)
                .setParameter("owner", owner)
                .setParameter("millis", delay.toMillis())
                .executeUpdate()
                .replaceWithVoid();
    }

    Uni<Void> setLineCount(Mutiny.Session session, String taskId, String owner, int lineCount) {
        return session.createNativeQuery("UPDATE thing_registration_task SET line_count = :count,"
                        + " last_modified_date = now() WHERE task_id = :id AND lease_owner = :owner")
                .setParameter("id", taskId)
                .setParameter("owner", owner)
                .setParameter("count", lineCount)
                .executeUpdate()
                .replaceWithVoid();
    }

    /** @return the numbers of the lines whose outcome is recorded */
    Uni<List<Integer>> recordedLines(Mutiny.Session session, String taskId) {
        return session.createNativeQuery(
                        "SELECT line_number FROM thing_registration_task_line WHERE task_id = :id", Integer.class)
                .setParameter("id", taskId)
                .getResultList();
    }

    /**
     * Records lines' outcomes and counts them, in one statement and one update of the task's counters: the lines of a
     * task all count on its row, which a transaction per line made them take one at a time (each waiting for the
     * last one's commit). A line recorded already or an owner that has lost the task records nothing.
     *
     * @return the task's status once the lines are recorded, or {@code null} when this call recorded none of them
     */
    Uni<TaskStatus> recordLines(Mutiny.Session session, String taskId, String owner, List<TaskLine.Outcome> outcomes) {
        StringBuilder values = new StringBuilder();
        for (int i = 0; i < outcomes.size(); i++) {
            values.append(i == 0 ? "" : ", ")
                    .append("(CAST(:line")
                    .append(i)
                    .append(" AS INTEGER), CAST(:succeeded")
                    .append(i)
                    .append(" AS BOOLEAN), CAST(:report")
                    .append(i)
                    .append(" AS TEXT))");
        }
        Mutiny.SelectionQuery<Boolean> insert = session.createNativeQuery(
                        "INSERT INTO thing_registration_task_line (task_id, line_number, succeeded, report_line)"
                                + " SELECT :id, line_number, succeeded, report_line FROM (VALUES " + values
                                + ") AS outcome (line_number, succeeded, report_line) WHERE EXISTS (SELECT 1 FROM"
                                + " thing_registration_task WHERE task_id = :id AND lease_owner = :owner)"
                                + " ON CONFLICT DO NOTHING RETURNING succeeded",
                        Boolean.class)
                .setParameter("id", taskId)
                .setParameter("owner", owner);
        for (int i = 0; i < outcomes.size(); i++) {
            TaskLine.Outcome outcome = outcomes.get(i);
            insert.setParameter("line" + i, outcome.lineNumber())
                    .setParameter("succeeded" + i, outcome.succeeded())
                    .setParameter("report" + i, outcome.reportLine());
        }
        return insert.getResultList().chain(inserted -> {
            if (inserted.isEmpty()) {
                return Uni.createFrom().<TaskStatus>nullItem();
            }
            long succeeded = inserted.stream().filter(Boolean::booleanValue).count();
            return session.createNativeQuery(
                            "UPDATE thing_registration_task SET success_count = success_count + :succeeded,"
                                    + " failure_count = failure_count + :failed, last_modified_date = now()"
                                    + " WHERE task_id = :id RETURNING status",
                            String.class)
                    .setParameter("id", taskId)
                    .setParameter("succeeded", (int) succeeded)
                    .setParameter("failed", (int) (inserted.size() - succeeded))
                    .getSingleResult()
                    .map(TaskStatus::valueOf);
        });
    }

    /** @return at most {@code limit} report lines of one outcome, after line {@code afterLine}, in line order */
    Uni<List<Object[]>> reportLines(Mutiny.Session session, String taskId, ReportType type, int afterLine, int limit) {
        return session.createNativeQuery(
                        "SELECT line_number, report_line FROM thing_registration_task_line WHERE task_id = :id"
                                + " AND succeeded = :succeeded AND line_number > :after ORDER BY line_number LIMIT :limit",
                        Object[].class)
                .setParameter("id", taskId)
                .setParameter("succeeded", type == ReportType.RESULTS)
                .setParameter("after", afterLine)
                .setParameter("limit", limit)
                .getResultList();
    }

    /**
     * Ends the task the owner holds: its status, message and report objects, the lease released and the lines'
     * outcomes (now in the reports) deleted.
     *
     * @return whether the owner still held it
     */
    Uni<Boolean> finish(
            Mutiny.Session session,
            String taskId,
            String owner,
            TaskStatus status,
            String message,
            int resultsParts,
            int errorsParts) {
        return session.createNativeQuery(
                        "UPDATE thing_registration_task SET status = :status, message = CAST(:message AS TEXT),"
                                + " results_parts = :results, errors_parts = :errors, lease_owner = NULL,"
                                + " lease_expires = NULL, last_modified_date = now()"
                                + " WHERE task_id = :id AND lease_owner = :owner")
                .setParameter("id", taskId)
                .setParameter("owner", owner)
                .setParameter("status", status.name())
                .setParameter("message", message)
                .setParameter("results", resultsParts)
                .setParameter("errors", errorsParts)
                .executeUpdate()
                .chain(updated -> updated == 0
                        ? Uni.createFrom().item(false)
                        : session.createNativeQuery("DELETE FROM thing_registration_task_line WHERE task_id = :id")
                                .setParameter("id", taskId)
                                .executeUpdate()
                                .map(deleted -> true));
    }
}

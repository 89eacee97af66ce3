package io.iotdm.provisioning.registrationtask;

import io.iotdm.outbox.Outcome;
import io.iotdm.provisioning.ProvisioningConfig;
import io.iotdm.provisioning.store.ProvisioningTransactions;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * The runners' side of {@link TaskRepository}, for threads that may block: each call runs on a Vert.x context (where
 * Hibernate Reactive must run) and waits for it. Every change is made as this instance, the owner of the
 * leases it takes.
 */
@Singleton
class TaskStore {

    /** How long a task whose run failed for a passing reason waits before a runner takes it again. */
    private static final Duration RETRY_DELAY = Duration.ofSeconds(5);

    private final ProvisioningTransactions transactions;
    private final TaskRepository tasks;
    private final TaskFiles files;
    private final Duration lease;
    private final int linesPerReportObject;
    /** This instance, as the owner of the leases it holds: a new one at each start. */
    private final String owner = UUID.randomUUID().toString();

    TaskStore(ProvisioningTransactions transactions, TaskRepository tasks, TaskFiles files, ProvisioningConfig config) {
        this.transactions = transactions;
        this.tasks = tasks;
        this.files = files;
        this.lease = config.registrationTask().lease();
        this.linesPerReportObject = config.registrationTask().reportLinesPerObject();
    }

    /** Waits for a Uni made and subscribed on a Vert.x context (a failure is thrown as it is). */
    <T> T await(Supplier<Uni<T>> work) {
        try {
            return VertxContextSupport.subscribeAndAwait(work);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    RegistrationTask find(String taskId) {
        return await(() -> transactions.read(session -> tasks.find(session, taskId)));
    }

    List<String> claim(int limit) {
        return change(session -> tasks.claim(session, owner, lease, limit));
    }

    /** @return the task's status, or {@code null} when this instance no longer holds it */
    TaskStatus renew(String taskId) {
        return change(session -> tasks.renew(session, taskId, owner, lease));
    }

    void release(String taskId) {
        change(session -> tasks.release(session, taskId, owner, RETRY_DELAY));
    }

    void setLineCount(String taskId, int lineCount) {
        change(session -> tasks.setLineCount(session, taskId, owner, lineCount));
    }

    List<Integer> recordedLines(String taskId) {
        return await(() -> transactions.read(session -> tasks.recordedLines(session, taskId)));
    }

    /**
     * @return the task's status after the lines were recorded, or {@code null} when this instance no longer holds it
     */
    TaskStatus record(String taskId, List<TaskLine.Outcome> outcomes) {
        return change(session -> tasks.recordLines(session, taskId, owner, outcomes));
    }

    /**
     * Writes a report's objects from the lines recorded, {@code report-lines-per-object} lines each.
     *
     * @return the number of objects written
     */
    int writeReport(String taskId, ReportType type) {
        int parts = 0;
        int after = 0;
        while (true) {
            int from = after;
            List<Object[]> rows = await(() ->
                    transactions.read(session -> tasks.reportLines(session, taskId, type, from, linesPerReportObject)));
            if (rows.isEmpty()) {
                return parts;
            }
            List<String> lines = new ArrayList<>(rows.size());
            for (Object[] row : rows) {
                lines.add((String) row[1]);
                after = ((Number) row[0]).intValue();
            }
            files.writeReport(taskId, type, ++parts, lines);
        }
    }

    /** @return whether this instance still held the task, and so ended it */
    boolean finish(String taskId, TaskStatus status, String message, int resultsParts, int errorsParts) {
        return change(session -> tasks.finish(session, taskId, owner, status, message, resultsParts, errorsParts));
    }

    private <T> T change(Function<Mutiny.Session, Uni<T>> work) {
        return await(() ->
                transactions.commit(session -> work.apply(session).map(result -> new Outcome<>(result, List.of()))));
    }
}

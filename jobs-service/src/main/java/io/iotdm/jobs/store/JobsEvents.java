package io.iotdm.jobs.store;

import io.iotdm.aws.protocol.Arns;
import io.iotdm.events.Event;
import io.iotdm.events.JobEvents;
import io.iotdm.events.JobEvents.JobChange;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JOB and JOB_EXECUTION events of a change (docs/aws-behaviour.md §5.9), each under the next value of the
 * service's event sequence, taken in the change's transaction so that the order of the revisions is the order of the
 * commits of one job's or one thing's changes (their rows are locked).
 */
@ApplicationScoped
public class JobsEvents {

    /** The terminal statuses a {@code completed} JOB event counts, in AWS's order. */
    private static final List<ExecutionStatus> COMPLETED_COUNTS = List.of(
            ExecutionStatus.CANCELED,
            ExecutionStatus.REJECTED,
            ExecutionStatus.FAILED,
            ExecutionStatus.REMOVED,
            ExecutionStatus.SUCCEEDED,
            ExecutionStatus.TIMED_OUT);

    private final JobEvents events = new JobEvents();
    private final Arns arns;
    private final DeviceNotifications notifications;

    JobsEvents(Arns arns, DeviceNotifications notifications) {
        this.arns = arns;
        this.notifications = notifications;
    }

    /** {@code $aws/events/job/{jobId}/{change}}; a COMPLETED event carries the job's execution counts. */
    public Uni<Event> job(
            SqlClient transaction, JobChange change, Job job, Map<ExecutionStatus, Long> counts, Instant at) {
        Map<String, Long> details = null;
        if (change == JobChange.COMPLETED) {
            details = new LinkedHashMap<>();
            for (ExecutionStatus status : COMPLETED_COUNTS) {
                details.put(status.processDetailsMember(), counts.get(status));
            }
        }
        Map<String, Long> processDetails = details;
        JobEvents.Job described = new JobEvents.Job(
                job.jobId(),
                // AWS's deleted event says DELETED, a status no job is ever seen in
                change == JobChange.DELETED ? "DELETED" : job.status().name(),
                job.targetSelection(),
                job.targets(),
                job.description(),
                job.createdAt(),
                job.lastUpdatedAt(),
                job.completedAt(),
                job.comment());
        return revisions(transaction, 1)
                .map(revisions -> events.job(change, described, processDetails, revisions.getFirst(), at));
    }

    /**
     * {@code $aws/events/jobExecution/{jobId}/{status}} for each execution that reached a terminal status, or
     * {@code .../deleted} for each deleted one when {@code deleted}; and the things' {@code jobs/notify} and {@code
     * notify-next} pushes ({@link DeviceNotifications}), as every such change is one to a device's queue.
     */
    public Uni<List<Event>> executions(
            SqlClient transaction, List<JobExecution> executions, boolean deleted, Instant at) {
        if (executions.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return revisions(transaction, executions.size()).chain(revisions -> {
            List<Event> out = new ArrayList<>(executions.size());
            for (int i = 0; i < executions.size(); i++) {
                JobExecution execution = executions.get(i);
                out.add(events.jobExecution(
                        deleted ? "deleted" : execution.status().eventOperation(),
                        execution.jobId(),
                        execution.thingName(),
                        arns.thing(execution.thingName()),
                        execution.status().name(),
                        execution.statusDetails(),
                        revisions.get(i),
                        at));
            }
            return notifications
                    .changed(
                            transaction,
                            executions.stream().map(JobExecution::thingName).toList(),
                            at)
                    .map(pushes -> {
                        out.addAll(pushes);
                        return out;
                    });
        });
    }

    private static Uni<List<Long>> revisions(SqlClient transaction, int count) {
        return transaction
                .preparedQuery("SELECT nextval('event_revision') FROM generate_series(1, $1)")
                .execute(Tuple.of(count))
                .map(rows -> {
                    List<Long> revisions = new ArrayList<>(count);
                    rows.forEach(row -> revisions.add(row.getLong(0)));
                    return revisions;
                });
    }
}

package io.iotdm.jobs.device;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iotdm.aws.service.AwsErrors;
import io.iotdm.events.Event;
import io.iotdm.jobs.store.DeviceDocuments;
import io.iotdm.jobs.store.DeviceNotifications;
import io.iotdm.jobs.store.ExecutionRepository;
import io.iotdm.jobs.store.ExecutionRetries;
import io.iotdm.jobs.store.ExecutionStatus;
import io.iotdm.jobs.store.JobExecution;
import io.iotdm.jobs.store.JobRepository;
import io.iotdm.jobs.store.JobsEvents;
import io.iotdm.jobs.store.Missing;
import io.iotdm.outbox.Outcome;
import io.iotdm.outbox.TransactionalOutbox;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The device jobs API (docs/aws-behaviour.md §5.3): over HTTP ({@code iot-jobs-data}) and over MQTT ({@link
 * MqttJobRequests}, in the transaction that also records the request's message), one code for both.
 */
@ApplicationScoped
class DeviceJobs {

    /** The jobId of DescribeJobExecution that names the thing's next pending execution. */
    static final String NEXT = "$next";

    /** GetPendingJobExecutions answers at most this many of each status (docs/aws-behaviour.md §5.3). */
    private static final int PENDING_LIMIT = 10;

    private final Pool pool;
    private final ExecutionRepository executions;
    private final JobRepository jobs;
    private final DeviceDocuments documents;
    private final JobsEvents events;
    private final DeviceNotifications notifications;
    private final ExecutionRetries retries;
    private final TransactionalOutbox outbox;
    private final AwsErrors errors;
    private final Clock clock;

    DeviceJobs(
            Pool pool,
            ExecutionRepository executions,
            JobRepository jobs,
            DeviceDocuments documents,
            JobsEvents events,
            DeviceNotifications notifications,
            ExecutionRetries retries,
            TransactionalOutbox outbox,
            AwsErrors errors,
            Clock clock) {
        this.pool = pool;
        this.executions = executions;
        this.jobs = jobs;
        this.documents = documents;
        this.events = events;
        this.notifications = notifications;
        this.retries = retries;
        this.outbox = outbox;
        this.errors = errors;
        this.clock = clock;
    }

    /** GetPendingJobExecutions: the thing's IN_PROGRESS and QUEUED executions, each list oldest first. */
    Uni<ObjectNode> pending(String thingName) {
        return pending(pool, thingName);
    }

    /** {@link #pending(String)} on the caller's client. */
    Uni<ObjectNode> pending(SqlClient client, String thingName) {
        // IN_PROGRESS sort first: the limit leaves room for 10 of each
        return executions.pending(client, thingName, 2 * PENDING_LIMIT, false).map(found -> {
            ObjectNode output = JsonNodeFactory.instance.objectNode();
            var inProgress = output.putArray("inProgressJobs");
            var queued = output.putArray("queuedJobs");
            for (JobExecution execution : found) {
                var list = execution.status() == ExecutionStatus.IN_PROGRESS ? inProgress : queued;
                if (list.size() < PENDING_LIMIT) {
                    list.add(DeviceNotifications.summary(execution));
                }
            }
            return output;
        });
    }

    /**
     * StartNextPendingJobExecution: the thing's IN_PROGRESS execution if it has one, else its oldest QUEUED one, which
     * turns IN_PROGRESS with the given status details and step timer; no {@code execution} when there is none.
     */
    Uni<ObjectNode> startNext(String thingName, Map<String, String> statusDetails, Long stepTimeoutInMinutes) {
        requireStepTimeout(stepTimeoutInMinutes);
        return outbox.commit(transaction -> startNext(transaction, thingName, statusDetails, stepTimeoutInMinutes));
    }

    /**
     * {@link #startNext(String, Map, Long)} in the caller's transaction (the MQTT API's, which records its message
     * too).
     */
    Uni<Outcome<ObjectNode>> startNext(
            SqlConnection transaction, String thingName, Map<String, String> statusDetails, Long stepTimeoutInMinutes) {
        Instant now = clock.instant();
        requireStepTimeout(stepTimeoutInMinutes);
        return executions.pending(transaction, thingName, 1, true).chain(found -> {
            if (found.isEmpty()) {
                return Uni.createFrom().item(Outcome.of(JsonNodeFactory.instance.objectNode()));
            }
            JobExecution next = found.getFirst();
            JobExecution started = next.status() == ExecutionStatus.QUEUED
                    ? next.updated(ExecutionStatus.IN_PROGRESS, statusDetails, false, now)
                            .withStepTimeout(stepTimeoutInMinutes, now)
                    : next;
            Uni<List<Event>> write = started == next
                    ? Uni.createFrom().item(List.of())
                    : executions
                            .update(transaction, started)
                            .chain(() -> notifications.changed(transaction, List.of(thingName), now));
            return write.chain(
                    pushes -> withDocument(transaction, started).map(output -> new Outcome<>(output, pushes)));
        });
    }

    /**
     * DescribeJobExecution: the thing's execution of the job (its latest, or the one of {@code executionNumber}), or
     * with {@link #NEXT} its next pending one (no {@code execution} when there is none).
     */
    Uni<ObjectNode> describe(String thingName, String jobId, Long executionNumber, boolean includeDocument) {
        return describe(pool, thingName, jobId, executionNumber, includeDocument);
    }

    /** {@link #describe(String, String, Long, boolean)} on the caller's client. */
    Uni<ObjectNode> describe(
            SqlClient client, String thingName, String jobId, Long executionNumber, boolean includeDocument) {
        Uni<JobExecution> found = NEXT.equals(jobId)
                ? executions.pending(client, thingName, 1, false).map(next -> next.isEmpty() ? null : next.getFirst())
                : executions
                        .find(client, jobId, thingName, executionNumber, false)
                        .map(execution -> {
                            if (execution == null) {
                                throw errors.iotJobsData(
                                        "ResourceNotFoundException", Missing.execution(jobId, thingName));
                            }
                            return execution;
                        });
        return found.chain(execution -> {
            if (execution == null) {
                return Uni.createFrom().item(JsonNodeFactory.instance.objectNode());
            }
            return includeDocument
                    ? withDocument(client, execution)
                    : Uni.createFrom().item(answer(execution, null));
        });
    }

    /**
     * UpdateJobExecution (docs/aws-behaviour.md §5.3): a device may report IN_PROGRESS, SUCCEEDED, FAILED or REJECTED,
     * from QUEUED or IN_PROGRESS; a terminal status publishes its JOB_EXECUTION event.
     */
    Uni<ObjectNode> update(ExecutionUpdate update) {
        return outbox.commit(transaction -> update(transaction, update));
    }

    /** {@link #update(ExecutionUpdate)} in the caller's transaction. */
    Uni<Outcome<ObjectNode>> update(SqlConnection transaction, ExecutionUpdate update) {
        Instant now = clock.instant();
        if (!update.status().deviceMaySet()) {
            throw errors.iotJobsData(
                    "InvalidRequestException",
                    "A device may set the status of a job execution to IN_PROGRESS, SUCCEEDED, FAILED or REJECTED"
                            + " only, not " + update.status() + ".");
        }
        requireStepTimeout(update.stepTimeoutInMinutes());
        return executions
                .find(transaction, update.jobId(), update.thingName(), update.executionNumber(), true)
                .chain(execution -> {
                    if (execution == null) {
                        throw errors.iotJobsData(
                                "ResourceNotFoundException", Missing.execution(update.jobId(), update.thingName()));
                    }
                    if (update.expectedVersion() != null && update.expectedVersion() != execution.versionNumber()) {
                        throw new ExecutionStateRejection(
                                "VersionMismatch",
                                errors.iotJobsData(
                                        "InvalidStateTransitionException",
                                        "The expected version " + update.expectedVersion()
                                                + " does not match the job execution's version "
                                                + execution.versionNumber() + "."),
                                execution);
                    }
                    if (execution.status().terminal()) {
                        throw new ExecutionStateRejection(
                                "InvalidStateTransition",
                                errors.iotJobsData(
                                        "InvalidStateTransitionException",
                                        "The job execution is in the terminal status " + execution.status()
                                                + " and cannot be updated."),
                                execution);
                    }
                    JobExecution after = execution
                            .updated(update.status(), update.statusDetails(), false, now)
                            .withStepTimeout(update.stepTimeoutInMinutes(), now);
                    Uni<List<Event>> terminalEvent = after.status().terminal()
                            ? events.executions(transaction, List.of(after), false, now)
                            : notifications.changed(transaction, List.of(after.thingName()), now);
                    return executions
                            .update(transaction, after)
                            .call(() -> retries.retry(transaction, after, now))
                            .chain(() -> terminalEvent)
                            .chain(published -> updateAnswer(transaction, update, after)
                                    .map(output -> new Outcome<>(output, published)));
                });
    }

    /** {@code stepTimeoutInMinutes}: 1 to 10080, or -1 to clear (docs/aws-behaviour.md §5.11; the model has no range). */
    private void requireStepTimeout(Long minutes) {
        if (minutes != null
                && minutes != JobExecution.CLEAR_STEP_TIMEOUT
                && (minutes < 1 || minutes > JobExecution.MAX_STEP_TIMEOUT_MINUTES)) {
            throw errors.iotJobsData(
                    "InvalidRequestException",
                    "stepTimeoutInMinutes must be between 1 and " + JobExecution.MAX_STEP_TIMEOUT_MINUTES
                            + ", or -1 to clear the step timer, not " + minutes + ".");
        }
    }

    private Uni<ObjectNode> updateAnswer(SqlClient transaction, ExecutionUpdate update, JobExecution after) {
        ObjectNode output = JsonNodeFactory.instance.objectNode();
        if (update.includeJobExecutionState()) {
            output.set("executionState", DeviceJson.state(after));
        }
        if (!update.includeJobDocument()) {
            return Uni.createFrom().item(output);
        }
        return document(transaction, after.jobId()).map(document -> output.put("jobDocument", document));
    }

    private Uni<ObjectNode> withDocument(SqlClient client, JobExecution execution) {
        return document(client, execution.jobId()).map(document -> answer(execution, document));
    }

    /** The job's document as the device gets it, its presigned URLs made now (docs/aws-behaviour.md §5.22). */
    private Uni<String> document(SqlClient client, String jobId) {
        return jobs.find(client, jobId).chain(job -> documents.forDevice(client, jobId, job.document()));
    }

    private static ObjectNode answer(JobExecution execution, String document) {
        ObjectNode output = JsonNodeFactory.instance.objectNode();
        output.set("execution", DeviceJson.execution(execution, document));
        return output;
    }
}

package io.iotdm.jobs.execution;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iotdm.aws.protocol.Arns;
import io.iotdm.aws.protocol.PaginationTokens;
import io.iotdm.aws.service.AwsErrors;
import io.iotdm.aws.service.Page;
import io.iotdm.jobs.store.ExecutionRepository;
import io.iotdm.jobs.store.ExecutionStatus;
import io.iotdm.jobs.store.JobExecution;
import io.iotdm.jobs.store.JobRepository;
import io.iotdm.jobs.store.JobsEvents;
import io.iotdm.jobs.store.Missing;
import io.iotdm.outbox.Outcome;
import io.iotdm.outbox.TransactionalOutbox;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The control plane's job execution operations (docs/aws-behaviour.md §5.6). */
@ApplicationScoped
class ExecutionService {

    private final Pool pool;
    private final ExecutionRepository executions;
    private final JobRepository jobs;
    private final JobsEvents events;
    private final TransactionalOutbox outbox;
    private final AwsErrors errors;
    private final PaginationTokens tokens;
    private final Arns arns;
    private final Clock clock;

    ExecutionService(
            Pool pool,
            ExecutionRepository executions,
            JobRepository jobs,
            JobsEvents events,
            TransactionalOutbox outbox,
            AwsErrors errors,
            PaginationTokens tokens,
            Arns arns,
            Clock clock) {
        this.pool = pool;
        this.executions = executions;
        this.jobs = jobs;
        this.events = events;
        this.outbox = outbox;
        this.errors = errors;
        this.tokens = tokens;
        this.arns = arns;
        this.clock = clock;
    }

    /** The execution of {@code executionNumber}, or the thing's latest at the job when {@code null}. */
    Uni<JobExecution> describe(String jobId, String thingName, Long executionNumber) {
        return executions.find(pool, jobId, thingName, executionNumber, false).map(found -> {
            if (found == null) {
                throw errors.resourceNotFound(Missing.execution(jobId, thingName));
            }
            return found;
        });
    }

    /** One page of ListJobExecutionsForJob, in thing name order; the job must exist. */
    Uni<ObjectNode> listForJob(String jobId, ExecutionStatus status, String nextToken, int maxResults) {
        Map<String, String> parameters = Map.of("jobId", jobId, "status", status == null ? "" : status.name());
        String[] after = cursor("ListJobExecutionsForJob", parameters, nextToken);
        return jobs.find(pool, jobId)
                .chain(job -> {
                    if (job == null) {
                        throw errors.resourceNotFound(Missing.job(jobId));
                    }
                    return executions.forJob(pool, jobId, status, after[0], Long.parseLong(after[1]), maxResults + 1);
                })
                .map(found -> Page.of(
                                found,
                                maxResults,
                                last -> token(
                                        "ListJobExecutionsForJob",
                                        parameters,
                                        last.thingName(),
                                        last.executionNumber()))
                        .json("executionSummaries", execution -> ExecutionJson.ofJob(execution, arns)));
    }

    /** One page of ListJobExecutionsForThing, in job id order. */
    Uni<ObjectNode> listForThing(ExecutionRepository.ThingFilter filter, String nextToken, int maxResults) {
        Map<String, String> parameters = Map.of(
                "thingName", filter.thingName(),
                "status", filter.status() == null ? "" : filter.status().name(),
                "jobId", Objects.requireNonNullElse(filter.jobId(), ""));
        String[] after = cursor("ListJobExecutionsForThing", parameters, nextToken);
        return executions
                .forThing(pool, filter, after[0], Long.parseLong(after[1]), maxResults + 1)
                .map(found -> Page.of(
                                found,
                                maxResults,
                                last -> token(
                                        "ListJobExecutionsForThing", parameters, last.jobId(), last.executionNumber()))
                        .json("executionSummaries", ExecutionJson::ofThing));
    }

    /**
     * CancelJobExecution: the thing's latest execution at the job turns CANCELED. A version other than
     * {@code expectedVersion} is VersionConflictException; a terminal execution, or an IN_PROGRESS one without
     * {@code force}, InvalidStateTransitionException (docs/aws-behaviour.md §5.6).
     */
    Uni<Void> cancel(
            String jobId, String thingName, boolean force, Long expectedVersion, Map<String, String> statusDetails) {
        Instant now = clock.instant();
        return outbox.commit(transaction -> executions
                .find(transaction, jobId, thingName, null, true)
                .chain(execution -> {
                    if (execution == null) {
                        throw errors.resourceNotFound(Missing.execution(jobId, thingName));
                    }
                    if (expectedVersion != null && expectedVersion != execution.versionNumber()) {
                        throw errors.versionConflict("The expected version " + expectedVersion
                                + " does not match the job execution's version " + execution.versionNumber() + ".");
                    }
                    if (execution.status().terminal()) {
                        throw errors.iot(
                                "InvalidStateTransitionException",
                                "The job execution is in status " + execution.status() + " and cannot be canceled.");
                    }
                    if (execution.status() == ExecutionStatus.IN_PROGRESS && !force) {
                        throw errors.iot(
                                "InvalidStateTransitionException",
                                "The job execution is in status IN_PROGRESS; it can be canceled only with force.");
                    }
                    JobExecution canceled = execution.updated(ExecutionStatus.CANCELED, statusDetails, force, now);
                    return executions
                            .update(transaction, canceled)
                            .chain(() -> events.executions(transaction, List.of(canceled), false, now))
                            .map(event -> new Outcome<Void>(null, event));
                }));
    }

    /**
     * DeleteJobExecution: only a terminal execution, unless {@code force} (docs/aws-behaviour.md §5.6); its
     * {@code deleted} event commits with it.
     */
    Uni<Void> delete(String jobId, String thingName, long executionNumber, boolean force) {
        Instant now = clock.instant();
        return outbox.commit(transaction -> executions
                .find(transaction, jobId, thingName, executionNumber, true)
                .chain(execution -> {
                    if (execution == null) {
                        throw errors.resourceNotFound(Missing.execution(jobId, thingName));
                    }
                    if (!execution.status().terminal() && !force) {
                        throw errors.iot(
                                "InvalidStateTransitionException",
                                "The job execution is in status " + execution.status()
                                        + "; only a terminal job execution can be deleted without force.");
                    }
                    return executions
                            .delete(transaction, execution)
                            .chain(() -> events.executions(transaction, List.of(execution), true, now))
                            .map(event -> new Outcome<Void>(null, event));
                }));
    }

    /** The (name, execution number) a page token resumes after; before everything without one. */
    private String[] cursor(String operation, Map<String, String> parameters, String nextToken) {
        if (nextToken == null) {
            return new String[] {"", "0"};
        }
        String cursor = tokens.cursor(operation, parameters, nextToken);
        int separator = cursor.lastIndexOf('/');
        return new String[] {cursor.substring(0, separator), cursor.substring(separator + 1)};
    }

    private String token(String operation, Map<String, String> parameters, String name, long executionNumber) {
        return tokens.issue(operation, parameters, name + "/" + executionNumber);
    }
}

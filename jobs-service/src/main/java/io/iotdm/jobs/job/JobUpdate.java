package io.iotdm.jobs.job;

import io.iotdm.aws.service.AwsErrors;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.jobs.store.ExecutionRepository;
import io.iotdm.jobs.store.Job;
import io.iotdm.jobs.store.JobConfigurations;
import io.iotdm.jobs.store.JobRepository;
import io.iotdm.jobs.store.JobStatus;
import io.iotdm.jobs.store.Missing;
import io.iotdm.jobs.store.RolloutRepository;
import io.iotdm.outbox.Outcome;
import io.iotdm.outbox.TransactionalOutbox;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * UpdateJob (docs/aws-behaviour.md §5.18): the description and the rollout, abort, timeout and retry configurations of
 * an IN_PROGRESS or SCHEDULED job, each member given replacing the job's; the rollout engine applies them from its next step.
 */
@ApplicationScoped
class JobUpdate {

    /** UpdateJob members whose behaviour is still to come: refused, never ignored (docs/aws-behaviour.md §5.5). */
    private static final List<String> NOT_YET = List.of("presignedUrlConfig", "namespaceId");

    private final JobRepository jobs;
    private final ExecutionRepository executions;
    private final RolloutRepository rollouts;
    private final TransactionalOutbox outbox;
    private final AwsErrors errors;
    private final Clock clock;

    JobUpdate(
            JobRepository jobs,
            ExecutionRepository executions,
            RolloutRepository rollouts,
            TransactionalOutbox outbox,
            AwsErrors errors,
            Clock clock) {
        this.jobs = jobs;
        this.executions = executions;
        this.rollouts = rollouts;
        this.outbox = outbox;
        this.errors = errors;
        this.clock = clock;
    }

    Uni<Void> update(AwsRequest request) {
        String jobId = request.string("jobId");
        for (String member : NOT_YET) {
            if (JobConfigurationMembers.given(request.node(member))) {
                throw errors.invalidRequest("iotdm does not support " + member + " yet.");
            }
        }
        Instant now = clock.instant();
        // the rollout's lock before the job's, the engine's order (see JobCancellation)
        return outbox.commit(transaction -> rollouts.lock(transaction, jobId)
                .chain(rollout -> jobs.lock(transaction, jobId).chain(job -> {
                    if (job == null) {
                        throw errors.resourceNotFound(Missing.job(jobId));
                    }
                    // a SCHEDULED job is updated as one in progress: its rollout takes the change when it starts
                    // (docs/aws-behaviour.md §5.18)
                    if (job.status() != JobStatus.IN_PROGRESS && job.status() != JobStatus.SCHEDULED) {
                        throw errors.invalidRequest(
                                "Job " + jobId + " cannot be updated because it is in status " + job.status() + ".");
                    }
                    JobConfigurations configurations =
                            JobConfigurationMembers.parse(request, job.configurations(), errors);
                    boolean rolloutGiven = JobConfigurationMembers.given(request.node("jobExecutionsRolloutConfig"));
                    Job after = job.updated(
                            JobConfigurationMembers.given(request.node("description"))
                                    ? request.string("description")
                                    : job.description(),
                            rolloutGiven ? JobConfigurationMembers.maximumPerMinute(request) : job.maximumPerMinute(),
                            configurations,
                            now);
                    return timeoutFixed(transaction, job, configurations)
                            .chain(() -> jobs.updateConfiguration(transaction, after))
                            // the engine takes the new rate and criteria at its next step, not at the window's end
                            .chain(() -> rollout == null
                                    ? Uni.createFrom().voidItem()
                                    : rollouts.save(transaction, rollout.next(rollout.state(), now)))
                            .map(ignored -> Outcome.of((Void) null));
                })));
    }

    /** The in-progress timeout cannot change once an execution has started (docs/aws-behaviour.md §5.18). */
    private Uni<Void> timeoutFixed(SqlConnection transaction, Job job, JobConfigurations configurations) {
        if (Objects.equals(
                job.configurations().inProgressTimeoutInMinutes(), configurations.inProgressTimeoutInMinutes())) {
            return Uni.createFrom().voidItem();
        }
        return executions.anyStarted(transaction, job.jobId()).map(started -> {
            if (started) {
                throw errors.invalidRequest("The timeoutConfig of job " + job.jobId()
                        + " cannot change once its job executions have started.");
            }
            return null;
        });
    }
}

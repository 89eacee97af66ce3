package io.iotdm.jobs.job;

import io.iotdm.aws.service.AwsErrors;
import io.iotdm.events.JobEvents.JobChange;
import io.iotdm.jobs.JobsConfig;
import io.iotdm.jobs.rollout.JobCanceler;
import io.iotdm.jobs.store.Job;
import io.iotdm.jobs.store.JobRepository;
import io.iotdm.jobs.store.JobStatus;
import io.iotdm.jobs.store.JobsEvents;
import io.iotdm.jobs.store.Missing;
import io.iotdm.jobs.store.Rollout;
import io.iotdm.jobs.store.RolloutRepository;
import io.iotdm.jobs.store.RolloutState;
import io.iotdm.outbox.Outcome;
import io.iotdm.outbox.TransactionalOutbox;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;

/** CancelJob and DeleteJob (docs/aws-behaviour.md §5.8). */
@ApplicationScoped
class JobCancellation {

    private final JobRepository jobs;
    private final JobCanceler canceler;
    private final RolloutRepository rollouts;
    private final JobsEvents events;
    private final TransactionalOutbox outbox;
    private final AwsErrors errors;
    private final Clock clock;
    private final int maxDeleting;

    JobCancellation(
            JobRepository jobs,
            JobCanceler canceler,
            RolloutRepository rollouts,
            JobsEvents events,
            TransactionalOutbox outbox,
            AwsErrors errors,
            Clock clock,
            JobsConfig config) {
        this.jobs = jobs;
        this.canceler = canceler;
        this.rollouts = rollouts;
        this.events = events;
        this.outbox = outbox;
        this.errors = errors;
        this.clock = clock;
        this.maxDeleting = config.maxDeletingJobs();
    }

    /**
     * Cancels the job: its rollout stops, its QUEUED executions (and with {@code force} its IN_PROGRESS ones) are
     * CANCELED, each with its event, and the job with its own. A CANCELED job may be canceled again with {@code force}
     * to cancel what is still IN_PROGRESS.
     */
    Uni<Job> cancel(String jobId, boolean force, String reasonCode, String comment) {
        Instant now = clock.instant();
        return outbox.commit(transaction -> lock(transaction, jobId).chain(job -> {
            boolean again = job.status() == JobStatus.CANCELED;
            if (job.status() == JobStatus.COMPLETED
                    || job.status() == JobStatus.DELETION_IN_PROGRESS
                    || (again && !force)) {
                throw errors.invalidRequest(
                        "Job " + jobId + " cannot be canceled because it is in status " + job.status() + ".");
            }
            return canceler.cancel(transaction, job, force, reasonCode, comment, now)
                    .map(published -> new Outcome<>(job.canceled(force, reasonCode, comment, now), published));
        }));
    }

    /**
     * Starts deleting the job: it turns DELETION_IN_PROGRESS (with its event) and the rollout engine deletes its
     * executions, then the job, in steps. Without {@code force} only a COMPLETED or CANCELED job may be deleted.
     */
    Uni<Void> delete(String jobId, boolean force) {
        Instant now = clock.instant();
        return outbox.commit(transaction -> lock(transaction, jobId).chain(job -> {
            if (job.status() == JobStatus.DELETION_IN_PROGRESS) {
                throw errors.iot("InvalidStateTransitionException", "Job " + jobId + " is already being deleted.");
            }
            // a SCHEDULED job too: only a COMPLETED or CANCELED job without force (docs/aws-behaviour.md §5.1)
            if (job.status() != JobStatus.COMPLETED && job.status() != JobStatus.CANCELED && !force) {
                throw errors.iot(
                        "InvalidStateTransitionException",
                        "Job " + jobId + " is in status " + job.status() + "; only a COMPLETED or CANCELED job can"
                                + " be deleted without force.");
            }
            return jobs.deleting(transaction).chain(deleting -> {
                if (deleting >= maxDeleting) {
                    throw errors.iot(
                            "LimitExceededException",
                            "Too many jobs are being deleted: at most " + maxDeleting + " jobs may be in"
                                    + " DELETION_IN_PROGRESS at one time.");
                }
                Job after = job.withStatus(JobStatus.DELETION_IN_PROGRESS, now);
                return jobs.update(transaction, after)
                        .chain(() -> jobs.dropPendingThings(transaction, jobId))
                        .chain(() -> rollouts.save(transaction, new Rollout(jobId, RolloutState.DELETING, now)))
                        .chain(() -> events.job(transaction, JobChange.DELETION_IN_PROGRESS, after, null, now))
                        .map(event -> Outcome.of((Void) null, event));
            });
        }));
    }

    /**
     * Locks the job's rollout (if it has one) before the job: the rollout engine holds a rollout's lock when it locks
     * the job, so the same order here keeps the two from deadlocking.
     */
    private Uni<Job> lock(SqlConnection transaction, String jobId) {
        return rollouts.lock(transaction, jobId)
                .chain(() -> jobs.lock(transaction, jobId))
                .map(job -> {
                    if (job == null) {
                        throw errors.resourceNotFound(Missing.job(jobId));
                    }
                    return job;
                });
    }
}

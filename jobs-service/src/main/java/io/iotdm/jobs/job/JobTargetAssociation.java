package io.iotdm.jobs.job;

import io.iotdm.aws.protocol.Arns;
import io.iotdm.aws.service.AwsErrors;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.jobs.rollout.RolloutEngine;
import io.iotdm.jobs.store.Job;
import io.iotdm.jobs.store.JobRepository;
import io.iotdm.jobs.store.JobStatus;
import io.iotdm.jobs.store.Missing;
import io.iotdm.jobs.store.Rollout;
import io.iotdm.jobs.store.RolloutRepository;
import io.iotdm.jobs.store.RolloutState;
import io.iotdm.outbox.Outcome;
import io.iotdm.outbox.TransactionalOutbox;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * AssociateTargetsWithJob (docs/aws-behaviour.md §5.16): a continuous job in progress takes more things and groups, at
 * most {@value #MAX_TARGETS} targets in all. The new targets are resolved as CreateJob's are ({@link TargetResolver}),
 * their things join the job's rollout, and the rollout takes its next step in the same transaction, so that without a
 * rate the new things have their executions when the call answers.
 */
@ApplicationScoped
class JobTargetAssociation {

    /** AWS: "The total number of targets associated with a job must not exceed 100." */
    static final int MAX_TARGETS = 100;

    private final Pool pool;
    private final JobRepository jobs;
    private final RolloutRepository rollouts;
    private final RolloutEngine engine;
    private final TargetResolver resolver;
    private final TransactionalOutbox outbox;
    private final AwsErrors errors;
    private final Arns arns;
    private final Clock clock;

    JobTargetAssociation(
            Pool pool,
            JobRepository jobs,
            RolloutRepository rollouts,
            RolloutEngine engine,
            TargetResolver resolver,
            TransactionalOutbox outbox,
            AwsErrors errors,
            Arns arns,
            Clock clock) {
        this.pool = pool;
        this.jobs = jobs;
        this.rollouts = rollouts;
        this.engine = engine;
        this.resolver = resolver;
        this.outbox = outbox;
        this.errors = errors;
        this.arns = arns;
        this.clock = clock;
    }

    Uni<Job> associate(AwsRequest request) {
        String jobId = request.string("jobId");
        if (request.string("namespaceId") != null) {
            throw errors.invalidRequest("iotdm does not support namespaceId yet.");
        }
        JobTargets added = JobTargets.parse(request.node("targets"), arns, errors);
        String comment = request.string("comment");
        // the cheap refusals before the group-service is asked; checked again under the job's lock
        return jobs.find(pool, jobId)
                .invoke(job -> requireAssociable(jobId, job, added))
                .chain(() -> resolver.resolve(added))
                // the rollout's row before the job's, the order of the rollout engine, UpdateJob and CancelJob: the
                // other order deadlocked against an engine step (which then rolled back its whole step)
                .chain(resolved -> outbox.commit(transaction -> rollouts.lock(transaction, jobId)
                        .chain(rollout -> jobs.lock(transaction, jobId).chain(job -> {
                            List<String> targets = requireAssociable(jobId, job, added);
                            Instant now = clock.instant();
                            Rollout releasing = rollout == null
                                    ? new Rollout(jobId, RolloutState.RELEASING, now)
                                    : rollout.next(RolloutState.RELEASING, now);
                            return jobs.addTargets(transaction, jobId, targets, comment, now, resolved.groups())
                                    .chain(() -> jobs.lastTargetPosition(transaction, jobId))
                                    .chain(last -> resolver.addThings(transaction, jobId, resolved, last))
                                    .chain(() -> rollouts.save(transaction, releasing))
                                    .chain(() -> engine.advance(transaction, releasing, now))
                                    .map(queued -> new Outcome<>(job, queued));
                        }))));
    }

    /** @return the job's targets with those added, each once */
    private List<String> requireAssociable(String jobId, Job job, JobTargets added) {
        if (job == null) {
            throw errors.resourceNotFound(Missing.job(jobId));
        }
        if (!"CONTINUOUS".equals(job.targetSelection())) {
            throw errors.invalidRequest("Targets can be associated only with a job whose targetSelection is"
                    + " CONTINUOUS; job " + jobId + " is " + job.targetSelection() + ".");
        }
        if (job.status() != JobStatus.IN_PROGRESS) {
            throw errors.invalidRequest("Job " + jobId + " is in status " + job.status()
                    + "; targets can be associated only with a job in status IN_PROGRESS.");
        }
        Set<String> targets = new LinkedHashSet<>(job.targets());
        targets.addAll(added.arns());
        if (targets.size() > MAX_TARGETS) {
            throw errors.iot(
                    "LimitExceededException",
                    "A job may have at most " + MAX_TARGETS + " targets; job " + jobId + " would have " + targets.size()
                            + ".");
        }
        return List.copyOf(targets);
    }
}

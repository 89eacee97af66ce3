package io.iotdm.jobs.rollout;

import io.iotdm.events.JobEvents.JobChange;
import io.iotdm.jobs.JobsConfig;
import io.iotdm.jobs.store.ExecutionRepository;
import io.iotdm.jobs.store.JobRepository;
import io.iotdm.jobs.store.JobsEvents;
import io.iotdm.jobs.store.Rollout;
import io.iotdm.jobs.store.RolloutRepository;
import io.iotdm.jobs.store.RolloutState;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;

/**
 * DELETING (DeleteJob, docs/aws-behaviour.md §5.8): each step deletes a bounded number of the job's executions, with a
 * {@code deleted} JOB_EXECUTION event each; the step that finds none left deletes the job (its rollout goes with it)
 * with the {@code deleted} JOB event. Bounded steps keep a fleet-wide job's deletion from being one huge transaction.
 */
@ApplicationScoped
public class DeleteJobInSteps implements RolloutAction {

    private final JobRepository jobs;
    private final ExecutionRepository executions;
    private final RolloutRepository rollouts;
    private final JobsEvents events;
    private final int stepLimit;

    DeleteJobInSteps(
            JobRepository jobs,
            ExecutionRepository executions,
            RolloutRepository rollouts,
            JobsEvents events,
            JobsConfig config) {
        this.jobs = jobs;
        this.executions = executions;
        this.rollouts = rollouts;
        this.events = events;
        this.stepLimit = config.rollout().executionsPerStep();
    }

    @Override
    public RolloutState state() {
        return RolloutState.DELETING;
    }

    @Override
    public Uni<RolloutStep> step(SqlConnection transaction, Rollout rollout, Instant now) {
        return executions.deleteSome(transaction, rollout.jobId(), stepLimit).chain(deleted -> {
            if (!deleted.isEmpty()) {
                return events.executions(transaction, deleted, true, now)
                        .call(() -> rollouts.save(transaction, rollout.next(RolloutState.DELETING, now)))
                        .map(RolloutStep::of);
            }
            return jobs.lock(transaction, rollout.jobId())
                    .chain(job -> jobs.delete(transaction, job.jobId())
                            .chain(() -> events.job(transaction, JobChange.DELETED, job, null, now)))
                    .map(deletedJob -> RolloutStep.of(List.of(deletedJob)));
        });
    }
}

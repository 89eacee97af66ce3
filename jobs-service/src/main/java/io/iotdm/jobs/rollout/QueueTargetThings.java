package io.iotdm.jobs.rollout;

import io.iotdm.events.Event;
import io.iotdm.jobs.JobsConfig;
import io.iotdm.jobs.store.ExecutionRepository;
import io.iotdm.jobs.store.Job;
import io.iotdm.jobs.store.JobRepository;
import io.iotdm.jobs.store.Rollout;
import io.iotdm.jobs.store.RolloutRepository;
import io.iotdm.jobs.store.RolloutState;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;

/**
 * RELEASING: queues the executions of the next target things, as many as the job's rate window allows
 * ({@link RateWindow}) and a step may take; once every target thing has its execution the rollout is RELEASED.
 * Queuing publishes no event: AWS has none for a queued execution (its MQTT notify comes with the device gateway).
 */
@ApplicationScoped
public class QueueTargetThings implements RolloutAction {

    private final JobRepository jobs;
    private final ExecutionRepository executions;
    private final RolloutRepository rollouts;
    private final int stepLimit;

    QueueTargetThings(
            JobRepository jobs, ExecutionRepository executions, RolloutRepository rollouts, JobsConfig config) {
        this.jobs = jobs;
        this.executions = executions;
        this.rollouts = rollouts;
        this.stepLimit = config.rollout().executionsPerStep();
    }

    @Override
    public RolloutState state() {
        return RolloutState.RELEASING;
    }

    @Override
    public Uni<List<Event>> step(SqlConnection transaction, Rollout rollout, Instant now) {
        return jobs.find(transaction, rollout.jobId()).chain(job -> queue(transaction, job, rollout, now));
    }

    private Uni<List<Event>> queue(SqlConnection transaction, Job job, Rollout rollout, Instant now) {
        RateWindow window = RateWindow.at(rollout, job.maximumPerMinute(), now, stepLimit);
        // one more than allowed tells whether things are left without counting them
        return jobs.pendingThings(transaction, job.jobId(), window.allowance() + 1)
                .chain(pending -> {
                    List<String> next = pending.subList(0, Math.min(window.allowance(), pending.size()));
                    boolean more = pending.size() > next.size();
                    // a job with abort criteria is due at every step while its window is full, so that its criteria
                    // are checked as results arrive (docs/aws-behaviour.md §5.10), not once a window
                    Instant due = job.configurations().abortConfig() != null
                            ? now
                            : window.nextDue(job.maximumPerMinute(), next.size(), now);
                    Rollout after = more
                            ? rollout.queued(window.windowStartedAt(), window.alreadyQueued() + next.size(), due)
                            : rollout.queued(window.windowStartedAt(), window.alreadyQueued() + next.size(), now)
                                    .next(RolloutState.RELEASED, now);
                    Uni<Void> queued = next.isEmpty()
                            ? Uni.createFrom().voidItem()
                            : executions
                                    .queue(transaction, job.jobId(), next, now)
                                    .chain(() -> jobs.markQueued(transaction, job.jobId(), next));
                    return queued.chain(() -> rollouts.save(transaction, after)).map(ignored -> List.<Event>of());
                });
    }
}

package io.iotdm.jobs.rollout;

import io.iotdm.events.Event;
import io.iotdm.jobs.JobsConfig;
import io.iotdm.jobs.store.DeviceNotifications;
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
 * Queuing publishes no JOB_EXECUTION event (AWS has none for a queued execution); the things' devices are told on
 * {@code jobs/notify} and {@code notify-next} ({@link DeviceNotifications}).
 */
@ApplicationScoped
public class QueueTargetThings implements RolloutAction {

    private final JobRepository jobs;
    private final ExecutionRepository executions;
    private final RolloutRepository rollouts;
    private final DeviceNotifications notifications;
    private final int stepLimit;

    QueueTargetThings(
            JobRepository jobs,
            ExecutionRepository executions,
            RolloutRepository rollouts,
            DeviceNotifications notifications,
            JobsConfig config) {
        this.jobs = jobs;
        this.notifications = notifications;
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
                    Rollout after = more
                            ? rollout.queued(
                                    window.windowStartedAt(),
                                    window.alreadyQueued() + next.size(),
                                    window.nextDue(job.maximumPerMinute(), next.size(), now))
                            : rollout.queued(window.windowStartedAt(), window.alreadyQueued() + next.size(), now)
                                    .next(RolloutState.RELEASED, now);
                    Uni<List<Event>> queued = next.isEmpty()
                            ? Uni.createFrom().item(List.<Event>of())
                            : executions
                                    .queue(transaction, job.jobId(), next, now)
                                    .chain(() -> jobs.markQueued(transaction, job.jobId(), next))
                                    .chain(() -> notifications.changed(transaction, next, now));
                    return queued.chain(
                            pushes -> rollouts.save(transaction, after).replaceWith(pushes));
                });
    }
}

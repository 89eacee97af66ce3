package io.iotdm.jobs.rollout;

import io.iotdm.events.Event;
import io.iotdm.jobs.JobsConfig;
import io.iotdm.jobs.store.DeviceNotifications;
import io.iotdm.jobs.store.ExecutionRepository;
import io.iotdm.jobs.store.ExecutionStatus;
import io.iotdm.jobs.store.ExponentialRate;
import io.iotdm.jobs.store.Job;
import io.iotdm.jobs.store.JobRepository;
import io.iotdm.jobs.store.Rollout;
import io.iotdm.jobs.store.RolloutRepository;
import io.iotdm.jobs.store.RolloutState;
import io.iotdm.jobs.store.SchedulingConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;

/**
 * RELEASING: queues the executions of the next target things, as many as the job's rate window allows
 * ({@link RateWindow}, at {@code maximumPerMinute} or the {@code exponentialRate} reached) and a step may take; once
 * every target thing has its execution the rollout is RELEASED. Queuing publishes no JOB_EXECUTION event (AWS has none
 * for a queued execution); the things' devices are told on {@code jobs/notify} and {@code notify-next} ({@link
 * DeviceNotifications}). A step that queued its whole step limit while the window has room and things are left asks
 * the engine for the next step at once ({@link RolloutStep}): the step limit bounds a transaction, not the rate, which
 * was 500 executions a second at one step a second (docs/benchmarks.md, "Jobs").
 */
@ApplicationScoped
public class QueueTargetThings implements RolloutAction {

    private final JobRepository jobs;
    private final ExecutionRepository executions;
    private final RolloutRepository rollouts;
    private final DeviceNotifications notifications;
    private final MaintenanceWindowHold hold;
    private final int stepLimit;

    QueueTargetThings(
            JobRepository jobs,
            ExecutionRepository executions,
            RolloutRepository rollouts,
            DeviceNotifications notifications,
            MaintenanceWindowHold hold,
            JobsConfig config) {
        this.jobs = jobs;
        this.hold = hold;
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
    public Uni<RolloutStep> step(SqlConnection transaction, Rollout rollout, Instant now) {
        return jobs.find(transaction, rollout.jobId()).chain(job -> {
            SchedulingConfig scheduling = job.configurations().schedulingConfig();
            if (scheduling != null && !scheduling.inWindow(now)) {
                return hold.untilNextWindow(transaction, job, rollout, now).map(RolloutStep::of);
            }
            return ratePerMinute(transaction, job, rollout).chain(rate -> queue(transaction, job, rollout, rate, now));
        });
    }

    /**
     * The job's rate now: {@code maximumPerMinute}, or with {@code exponentialRate} the rate its notified (or
     * succeeded) things have reached, at most {@code maximumPerMinute} when both are given (docs/aws-behaviour.md
     * §5.13); {@code null} without either.
     */
    private Uni<Integer> ratePerMinute(SqlConnection transaction, Job job, Rollout rollout) {
        ExponentialRate exponential = job.configurations().exponentialRate();
        if (exponential == null) {
            return Uni.createFrom().item(job.maximumPerMinute());
        }
        int ceiling = job.maximumPerMinute() == null ? Integer.MAX_VALUE : job.maximumPerMinute();
        Uni<Long> count = exponential.onSucceeded()
                ? jobs.executionCounts(transaction, job.jobId()).map(counts -> counts.get(ExecutionStatus.SUCCEEDED))
                : Uni.createFrom().item((long) rollout.queuedTotal());
        return count.map(reached -> exponential.ratePerMinute(reached, ceiling));
    }

    private Uni<RolloutStep> queue(SqlConnection transaction, Job job, Rollout rollout, Integer rate, Instant now) {
        RateWindow window = RateWindow.at(rollout, rate, now, stepLimit);
        // one more than allowed tells whether things are left without counting them
        return jobs.pendingThings(transaction, job.jobId(), window.allowance() + 1)
                .chain(pending -> {
                    List<String> next = pending.subList(0, Math.min(window.allowance(), pending.size()));
                    boolean more = pending.size() > next.size();
                    // a job with abort criteria is due at every step while its window is full, so that its criteria
                    // are checked as results arrive (docs/aws-behaviour.md §5.10), not once a window
                    Instant paced = window.nextDue(rate, next.size(), now);
                    Instant due = job.configurations().abortConfig() != null ? now : paced;
                    // the open maintenance window's close stops the rollout on time
                    Instant closes = job.configurations().schedulingConfig() == null
                            ? null
                            : job.configurations().schedulingConfig().windowCloses(now);
                    if (closes != null && closes.isBefore(due)) {
                        due = closes;
                    }
                    Rollout queued = rollout.queued(
                            window.windowStartedAt(), window.alreadyQueued() + next.size(), next.size(), due);
                    Rollout after = more ? queued : queued.next(RolloutState.RELEASED, now);
                    // only a step that queued a whole step limit asks for another at once: a rollout that is due at
                    // every step for its abort criteria, or whose window has less room than a step, waits for the
                    // engine's interval, so the engine never spins on a rollout with nothing to queue
                    boolean fullAndStillDue =
                            more && next.size() == stepLimit && !paced.isAfter(now) && !due.isAfter(now);
                    Uni<List<Event>> written = next.isEmpty()
                            ? Uni.createFrom().item(List.<Event>of())
                            : executions
                                    .queue(transaction, job.jobId(), next, now)
                                    .chain(() -> jobs.markQueued(transaction, job.jobId(), next))
                                    .chain(() -> notifications.changed(transaction, next, now));
                    return written.chain(pushes ->
                            rollouts.save(transaction, after).replaceWith(new RolloutStep(pushes, fullAndStillDue)));
                });
    }
}

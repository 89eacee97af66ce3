package io.iotdm.jobs.rollout;

import io.iotdm.jobs.store.JobRepository;
import io.iotdm.jobs.store.JobStatus;
import io.iotdm.jobs.store.Rollout;
import io.iotdm.jobs.store.RolloutRepository;
import io.iotdm.jobs.store.RolloutState;
import io.iotdm.jobs.store.SchedulingConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * SCHEDULED (docs/aws-behaviour.md §5.20): at the job's {@code startTime}, or when its next maintenance window opens,
 * the job turns IN_PROGRESS and its rollout RELEASING; before then the rollout is due again at that time. AWS
 * publishes no event for the start.
 */
@ApplicationScoped
public class StartScheduledJob implements RolloutAction {

    private final JobRepository jobs;
    private final RolloutRepository rollouts;

    StartScheduledJob(JobRepository jobs, RolloutRepository rollouts) {
        this.jobs = jobs;
        this.rollouts = rollouts;
    }

    @Override
    public RolloutState state() {
        return RolloutState.SCHEDULED;
    }

    @Override
    public Uni<RolloutStep> step(SqlConnection transaction, Rollout rollout, Instant now) {
        return jobs.lock(transaction, rollout.jobId()).chain(job -> {
            Instant start = startsAt(job.configurations().schedulingConfig(), now);
            if (now.isBefore(start)) {
                return rollouts.save(transaction, rollout.next(RolloutState.SCHEDULED, start))
                        .replaceWith(RolloutStep.of(List.of()));
            }
            Uni<Void> started = job.status() == JobStatus.SCHEDULED
                    ? jobs.update(transaction, job.withStatus(JobStatus.IN_PROGRESS, now))
                    : Uni.createFrom().voidItem();
            return started.chain(() -> rollouts.save(transaction, rollout.next(RolloutState.RELEASING, now)))
                    .replaceWith(RolloutStep.of(List.of()));
        });
    }

    /**
     * When the job may start at the earliest from {@code now}: its {@code startTime}, then the first moment a window is
     * open. When no window opens again the job waits for its end (the rollout's latest due); without an end it is
     * looked at again a day later, a bound on how long such a rollout's row sits unread, not a rule of AWS's.
     */
    static Instant startsAt(SchedulingConfig scheduling, Instant now) {
        if (scheduling == null) {
            return now;
        }
        Instant from =
                scheduling.startTime() != null && now.isBefore(scheduling.startTime()) ? scheduling.startTime() : now;
        if (scheduling.inWindow(from)) {
            return from;
        }
        Instant next = scheduling.nextWindow(from);
        return next == null ? from.plus(Duration.ofDays(1)) : next;
    }

    /** A new job's rollout: SCHEDULED when the job may not roll out yet, else RELEASING. */
    public static Rollout firstRollout(String jobId, SchedulingConfig scheduling, Instant now) {
        Instant start = startsAt(scheduling, now);
        Rollout rollout = now.isBefore(start)
                ? new Rollout(jobId, RolloutState.SCHEDULED, start)
                : new Rollout(jobId, RolloutState.RELEASING, now);
        return rollout.endingAt(scheduling == null ? null : scheduling.endTime());
    }
}

package io.iotdm.jobs.rollout;

import io.iotdm.events.Event;
import io.iotdm.events.JobEvents.JobChange;
import io.iotdm.jobs.store.ExecutionRepository;
import io.iotdm.jobs.store.Job;
import io.iotdm.jobs.store.JobRepository;
import io.iotdm.jobs.store.JobStatus;
import io.iotdm.jobs.store.JobsEvents;
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
 * RELEASED: a snapshot job is COMPLETED once every execution is terminal (docs/aws-behaviour.md §5.2), with a
 * {@code completed} event that counts them; the rollout is then over. Until then the rollout is due again at the next
 * step: the check is one indexed EXISTS, and the engine, which alone holds the rollout's lock, is the one place that
 * decides completion, so no device update has to lock the job's row (a hot row for a fleet-wide job).
 */
@ApplicationScoped
public class CompleteJob implements RolloutAction {

    private final JobRepository jobs;
    private final ExecutionRepository executions;
    private final RolloutRepository rollouts;
    private final JobsEvents events;
    private final MaintenanceWindowHold hold;

    CompleteJob(
            JobRepository jobs,
            ExecutionRepository executions,
            RolloutRepository rollouts,
            JobsEvents events,
            MaintenanceWindowHold hold) {
        this.jobs = jobs;
        this.executions = executions;
        this.rollouts = rollouts;
        this.events = events;
        this.hold = hold;
    }

    @Override
    public RolloutState state() {
        return RolloutState.RELEASED;
    }

    @Override
    public Uni<RolloutStep> step(SqlConnection transaction, Rollout rollout, Instant now) {
        return jobs.find(transaction, rollout.jobId())
                .chain(job -> takesThings(job, now)
                        ? released(transaction, job, rollout, now)
                        : completeOnceAllEnded(transaction, rollout, now))
                .map(RolloutStep::of);
    }

    /**
     * Whether the job still takes things: a continuous one until its {@code schedulingConfig.endTime}, after which it
     * completes as a snapshot job does (docs/aws-behaviour.md §5.20).
     */
    private static boolean takesThings(Job job, Instant now) {
        SchedulingConfig scheduling = job.configurations().schedulingConfig();
        return "CONTINUOUS".equals(job.targetSelection())
                && (scheduling == null || scheduling.endTime() == null || now.isBefore(scheduling.endTime()));
    }

    /**
     * A continuous job never completes (docs/aws-behaviour.md §5.19): once its targets are queued its rollout stays
     * only to check its abort criteria as results arrive, to wait for the job's end, or to end its maintenance
     * windows; without any of them it is over (the things that join later are queued as they join, and
     * AssociateTargetsWithJob starts a rollout again). With maintenance windows the job is SCHEDULED between them and
     * the things that join it meanwhile wait in its rollout for the next window (docs/aws-behaviour.md §5.20), as the
     * targets of its rollout do.
     */
    private Uni<List<Event>> released(SqlConnection transaction, Job job, Rollout rollout, Instant now) {
        SchedulingConfig scheduling = job.configurations().schedulingConfig();
        if (scheduling != null && !scheduling.windows().isEmpty()) {
            if (!scheduling.inWindow(now)) {
                return hold.untilNextWindow(transaction, job, rollout, now);
            }
            Instant due = job.configurations().abortConfig() != null ? now : scheduling.windowCloses(now);
            return rollouts.save(transaction, rollout.next(RolloutState.RELEASED, due))
                    .replaceWith(List.of());
        }
        Uni<Void> next;
        if (job.configurations().abortConfig() != null) {
            next = rollouts.save(transaction, rollout.next(RolloutState.RELEASED, now));
        } else if (rollout.endsAt() != null) {
            next = rollouts.save(transaction, rollout.next(RolloutState.RELEASED, rollout.endsAt()));
        } else {
            next = rollouts.delete(transaction, job.jobId());
        }
        return next.replaceWith(List.of());
    }

    private Uni<List<Event>> completeOnceAllEnded(SqlConnection transaction, Rollout rollout, Instant now) {
        return executions.anyActive(transaction, rollout.jobId()).chain(active -> {
            if (active) {
                return rollouts.save(transaction, rollout.next(RolloutState.RELEASED, now))
                        .map(ignored -> List.<Event>of());
            }
            return jobs.lock(transaction, rollout.jobId()).chain(job -> complete(transaction, job, now));
        });
    }

    private Uni<List<Event>> complete(SqlConnection transaction, Job job, Instant now) {
        Job completed = job.withStatus(JobStatus.COMPLETED, now);
        return jobs.update(transaction, completed)
                .chain(() -> rollouts.delete(transaction, job.jobId()))
                .chain(() -> jobs.executionCounts(transaction, job.jobId()))
                .chain(counts -> events.job(transaction, JobChange.COMPLETED, completed, counts, now))
                .map(List::of);
    }
}

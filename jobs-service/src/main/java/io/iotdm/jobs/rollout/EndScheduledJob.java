package io.iotdm.jobs.rollout;

import io.iotdm.events.Event;
import io.iotdm.jobs.store.Job;
import io.iotdm.jobs.store.JobRepository;
import io.iotdm.jobs.store.JobStatus;
import io.iotdm.jobs.store.Rollout;
import io.iotdm.jobs.store.RolloutRepository;
import io.iotdm.jobs.store.RolloutState;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;

/**
 * A job's {@code schedulingConfig.endTime} reached (docs/aws-behaviour.md §5.20): its {@code endBehavior} applies, once,
 * at the engine's first step from then, before the rollout's own action. STOP_ROLLOUT (the default): the things not
 * queued yet get no execution, the job is IN_PROGRESS (a job still SCHEDULED starts with nothing to roll out) and
 * completes once every execution is terminal, a continuous one too; CANCEL and FORCE_CANCEL cancel the job as CancelJob
 * does without and with {@code force} (§5.8).
 */
@ApplicationScoped
public class EndScheduledJob {

    /** The comment of a job canceled by its end (AWS's reason code and comment for it are silent). */
    static final String COMMENT = "Job canceled at the endTime of its schedulingConfig.";

    private final JobRepository jobs;
    private final RolloutRepository rollouts;
    private final JobCanceler canceler;

    EndScheduledJob(JobRepository jobs, RolloutRepository rollouts, JobCanceler canceler) {
        this.jobs = jobs;
        this.rollouts = rollouts;
        this.canceler = canceler;
    }

    /** Applies the end of the job of {@code rollout}, whose lock the caller holds. */
    Uni<List<Event>> end(SqlConnection transaction, Rollout rollout, Instant now) {
        return jobs.lock(transaction, rollout.jobId()).chain(job -> {
            String behavior = job.configurations().schedulingConfig().endBehavior();
            if (!"STOP_ROLLOUT".equals(behavior)) {
                return canceler.cancel(transaction, job, "FORCE_CANCEL".equals(behavior), null, COMMENT, now);
            }
            return stopRollout(transaction, job, rollout, now);
        });
    }

    private Uni<List<Event>> stopRollout(SqlConnection transaction, Job job, Rollout rollout, Instant now) {
        Uni<Void> started = job.status() == JobStatus.SCHEDULED
                ? jobs.update(transaction, job.withStatus(JobStatus.IN_PROGRESS, now))
                : Uni.createFrom().voidItem();
        return started.chain(() -> jobs.dropPendingThings(transaction, job.jobId()))
                .chain(() -> rollouts.save(
                        transaction, rollout.next(RolloutState.RELEASED, now).endingAt(null)))
                .replaceWith(List.of());
    }
}

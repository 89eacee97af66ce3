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
 * Outside its maintenance windows a job rolls nothing out: it is SCHEDULED again until the next window opens (AWS:
 * when an IN_PROGRESS job reaches the end of the current maintenance window its rollout stops and the job is SCHEDULED
 * until the next window's start, docs/aws-behaviour.md §5.20). The rollout of its targets ({@link QueueTargetThings})
 * and a continuous job's wait for the things that join it ({@link CompleteJob}) both end a window here.
 */
@ApplicationScoped
class MaintenanceWindowHold {

    private final JobRepository jobs;
    private final RolloutRepository rollouts;

    MaintenanceWindowHold(JobRepository jobs, RolloutRepository rollouts) {
        this.jobs = jobs;
        this.rollouts = rollouts;
    }

    /** The job SCHEDULED and its rollout due when the next window opens ({@link StartScheduledJob} starts it then). */
    Uni<List<Event>> untilNextWindow(SqlConnection transaction, Job job, Rollout rollout, Instant now) {
        Instant opens = StartScheduledJob.startsAt(job.configurations().schedulingConfig(), now);
        return jobs.lock(transaction, job.jobId())
                .chain(locked -> locked.status() == JobStatus.IN_PROGRESS
                        ? jobs.update(transaction, locked.withStatus(JobStatus.SCHEDULED, now))
                        : Uni.createFrom().voidItem())
                .chain(() -> rollouts.save(transaction, rollout.next(RolloutState.SCHEDULED, opens)))
                .replaceWith(List.of());
    }
}

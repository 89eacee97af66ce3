package io.iotdm.jobs.rollout;

import io.iotdm.events.Event;
import io.iotdm.events.JobEvents.JobChange;
import io.iotdm.jobs.store.ExecutionRepository;
import io.iotdm.jobs.store.ExecutionStatus;
import io.iotdm.jobs.store.Job;
import io.iotdm.jobs.store.JobExecution;
import io.iotdm.jobs.store.JobRepository;
import io.iotdm.jobs.store.JobsEvents;
import io.iotdm.jobs.store.RolloutRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Cancels a job, for CancelJob and for an abort (docs/aws-behaviour.md §5.8, §5.10): its rollout stops, its QUEUED
 * executions (and with {@code force} its IN_PROGRESS ones) are CANCELED, each with its event, and the job with its
 * own. The caller holds the rollout's lock (if there is one) and the job's.
 */
@ApplicationScoped
public class JobCanceler {

    private final JobRepository jobs;
    private final ExecutionRepository executions;
    private final RolloutRepository rollouts;
    private final JobsEvents events;

    JobCanceler(JobRepository jobs, ExecutionRepository executions, RolloutRepository rollouts, JobsEvents events) {
        this.jobs = jobs;
        this.executions = executions;
        this.rollouts = rollouts;
        this.events = events;
    }

    /** Cancels {@code job}, which the caller has locked; answers the events, the job's last. */
    public Uni<List<Event>> cancel(
            SqlConnection transaction, Job job, boolean force, String reasonCode, String comment, Instant now) {
        List<ExecutionStatus> canceled =
                force ? List.of(ExecutionStatus.QUEUED, ExecutionStatus.IN_PROGRESS) : List.of(ExecutionStatus.QUEUED);
        Job after = job.canceled(force, reasonCode, comment, now);
        return jobs.update(transaction, after)
                .chain(() -> jobs.dropPendingThings(transaction, job.jobId()))
                .chain(() -> rollouts.delete(transaction, job.jobId()))
                .chain(() -> cancelExecutions(transaction, job.jobId(), canceled, force, now))
                .chain(executionEvents -> events.job(transaction, JobChange.CANCELED, after, null, now)
                        .map(jobEvent -> {
                            List<Event> all = new ArrayList<>(executionEvents);
                            all.add(jobEvent);
                            return all;
                        }));
    }

    private Uni<List<Event>> cancelExecutions(
            SqlConnection transaction, String jobId, List<ExecutionStatus> statuses, boolean force, Instant now) {
        return executions.lockInStatus(transaction, jobId, statuses).chain(found -> {
            List<JobExecution> canceled = new ArrayList<>(found.size());
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (JobExecution execution : found) {
                JobExecution after = execution.updated(ExecutionStatus.CANCELED, null, force, now);
                canceled.add(after);
                chain = chain.chain(() -> executions.update(transaction, after));
            }
            return chain.chain(() -> events.executions(transaction, canceled, false, now));
        });
    }
}

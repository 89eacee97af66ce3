package io.iotdm.jobs.rollout;

import io.iotdm.events.Event;
import io.iotdm.jobs.JobsConfig;
import io.iotdm.jobs.store.ExecutionRepository;
import io.iotdm.jobs.store.ExecutionRetries;
import io.iotdm.jobs.store.ExecutionStatus;
import io.iotdm.jobs.store.JobExecution;
import io.iotdm.jobs.store.JobsEvents;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The timers of IN_PROGRESS executions (docs/aws-behaviour.md §5.11): each engine step leases the executions whose
 * in-progress or step deadline has passed ({@link ExecutionRepository#leaseTimedOut}, FOR UPDATE SKIP LOCKED) and
 * turns them TIMED_OUT, their status details kept, each with its {@code timed_out} event and, when the job's retry
 * configuration allows, its retry ({@link ExecutionRetries}). A timer is a column of its
 * execution, so it outlives any instance; it fires at the first step after its deadline, not up to a minute late.
 */
@ApplicationScoped
class TimeOutExecutions {

    private final ExecutionRepository executions;
    private final JobsEvents events;
    private final ExecutionRetries retries;
    private final int stepLimit;

    TimeOutExecutions(ExecutionRepository executions, JobsEvents events, ExecutionRetries retries, JobsConfig config) {
        this.executions = executions;
        this.events = events;
        this.retries = retries;
        this.stepLimit = config.rollout().executionsPerStep();
    }

    /** Times out the executions due at {@code now}, at most a step's limit of them; answers their events. */
    Uni<List<Event>> sweep(SqlConnection transaction, Instant now) {
        return executions.leaseTimedOut(transaction, now, stepLimit).chain(due -> {
            List<JobExecution> timedOut = new ArrayList<>(due.size());
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (JobExecution execution : due) {
                JobExecution after = execution.updated(ExecutionStatus.TIMED_OUT, null, false, now);
                timedOut.add(after);
                chain = chain.chain(() -> executions.update(transaction, after))
                        .call(() -> retries.retry(transaction, after, now))
                        .replaceWithVoid();
            }
            return chain.chain(() -> events.executions(transaction, timedOut, false, now));
        });
    }
}

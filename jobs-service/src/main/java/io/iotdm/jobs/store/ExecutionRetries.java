package io.iotdm.jobs.store;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/**
 * Retries (docs/aws-behaviour.md §5.12): an execution that ended FAILED (a device's update) or TIMED_OUT (a timer) is
 * followed, in the same transaction, by a new QUEUED execution of the thing, {@code executionNumber} + 1 and
 * {@code retryAttempt} + 1, while its job is IN_PROGRESS and the criterion for that failure has retries left. Here, in
 * {@code store}, because the device API and the rollout engine both end executions.
 */
@ApplicationScoped
public class ExecutionRetries {

    private final JobRepository jobs;
    private final ExecutionRepository executions;

    ExecutionRetries(JobRepository jobs, ExecutionRepository executions) {
        this.jobs = jobs;
        this.executions = executions;
    }

    /**
     * The retry of {@code ended}, which the caller has just written, queued now; {@code null} when none is due. A
     * criterion's retries are counted as the thing's executions of the job that ended in its failure types, so
     * {@code numberOfRetries} n allows n + 1 attempts that end so.
     */
    public Uni<JobExecution> retry(SqlClient transaction, JobExecution ended, Instant now) {
        if (ended.status() != ExecutionStatus.FAILED && ended.status() != ExecutionStatus.TIMED_OUT) {
            return Uni.createFrom().nullItem();
        }
        return jobs.find(transaction, ended.jobId()).chain(job -> {
            RetryConfig config = job.configurations().retryConfig();
            RetryConfig.Criterion criterion = config == null ? null : config.criterionFor(ended.status());
            if (criterion == null || job.status() != JobStatus.IN_PROGRESS) {
                return Uni.createFrom().nullItem();
            }
            return executions
                    .countEnded(transaction, ended.jobId(), ended.thingName(), criterion.failures())
                    .chain(failures -> failures > criterion.numberOfRetries()
                            ? Uni.createFrom().<JobExecution>nullItem()
                            : executions.queueRetry(transaction, ended, now));
        });
    }
}

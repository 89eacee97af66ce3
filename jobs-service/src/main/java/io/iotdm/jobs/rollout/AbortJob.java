package io.iotdm.jobs.rollout;

import io.iotdm.events.Event;
import io.iotdm.jobs.store.JobRepository;
import io.iotdm.jobs.store.Rollout;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;

/**
 * The abort of a job whose {@code abortConfig} is met (docs/aws-behaviour.md §5.10), checked by the engine before the
 * action of a rollout that is RELEASING or RELEASED: the job is canceled as CancelJob without {@code force} cancels it
 * (QUEUED executions and things not queued yet; IN_PROGRESS ones may still finish), with {@link #REASON_CODE} and a
 * comment that names the criterion met. Decided by the holder of the rollout's lock, as completion is, so device
 * updates never lock the job.
 */
@ApplicationScoped
class AbortJob {

    /** The reason code of an aborted job (AWS's is not documented: docs/aws-behaviour.md §5.10). */
    static final String REASON_CODE = "ABORT_CRITERIA_MET";

    private final JobRepository jobs;
    private final JobCanceler canceler;

    AbortJob(JobRepository jobs, JobCanceler canceler) {
        this.jobs = jobs;
        this.canceler = canceler;
    }

    /** The events of the abort when a criterion is met, else {@code null} (the rollout goes on). */
    Uni<List<Event>> abortIfMet(SqlConnection transaction, Rollout rollout, Instant now) {
        return jobs.find(transaction, rollout.jobId()).chain(job -> {
            if (job.configurations().abortConfig() == null) {
                return Uni.createFrom().nullItem();
            }
            return jobs.executionCounts(transaction, job.jobId())
                    .map(counts -> AbortCriteria.firstMet(job.configurations().abortConfig(), counts))
                    .chain(met -> met.isEmpty()
                            ? Uni.createFrom().<List<Event>>nullItem()
                            : jobs.lock(transaction, job.jobId())
                                    .chain(locked -> canceler.cancel(
                                            transaction,
                                            locked,
                                            false,
                                            REASON_CODE,
                                            met.get().comment(),
                                            now)));
        });
    }
}

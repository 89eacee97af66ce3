package io.iotdm.jobs.signing.job;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Writes SignPayload's jobs (docs/aws-behaviour.md §10.4) by group commit: one statement and one commit at a time;
 * the jobs that arrive while it runs wait and go together in the next. Each caller is answered once its job is
 * committed (or known not written), never before. Alone, a job is written at once; under load, one statement and one
 * commit serve many signatures, where a SignPayload used to make a read and a commit of its own: the PostgreSQL
 * client's share of the jobs-service's CPU samples fell from 39% to 28%, though the rate through the gateway, bound by
 * the CPU of the HTTP ends on 2 cores, did not rise (docs/benchmarks.md, "Code signing").
 */
@Singleton
class PayloadJobWriter {

    /** Jobs per statement at most: bounds its parameters' size, not the rate (a group forms in one commit's time). */
    private static final int MAX_GROUP = 500;

    private final SigningJobRepository repository;
    private final Object lock = new Object();
    private List<Waiting> waiting = new ArrayList<>();
    private boolean writing;

    PayloadJobWriter(SigningJobRepository repository) {
        this.repository = repository;
    }

    /**
     * @return whether the job was written: false when its profile is no longer Active at the job's version
     *     (SigningJobRepository#insertPayloadJobs)
     */
    Uni<Boolean> write(SigningJob job) {
        return Uni.createFrom().emitter(emitter -> {
            boolean start;
            synchronized (lock) {
                waiting.add(new Waiting(job, emitter));
                start = !writing;
                writing = true;
            }
            if (start) {
                writeNextGroup();
            }
        });
    }

    private void writeNextGroup() {
        List<Waiting> group;
        synchronized (lock) {
            if (waiting.isEmpty()) {
                writing = false;
                return;
            }
            if (waiting.size() <= MAX_GROUP) {
                group = waiting;
                waiting = new ArrayList<>();
            } else {
                List<Waiting> first = waiting.subList(0, MAX_GROUP);
                group = new ArrayList<>(first);
                first.clear();
            }
        }
        // deferred: a statement that fails while it is built fails this group, not every later SignPayload
        Uni.createFrom()
                .deferred(() -> repository.insertPayloadJobs(
                        group.stream().map(Waiting::job).toList()))
                .subscribe()
                .with(
                        written -> {
                            try {
                                writeNextGroup();
                            } finally {
                                answer(group, written);
                            }
                        },
                        failure -> {
                            try {
                                writeNextGroup();
                            } finally {
                                group.forEach(each -> each.emitter().fail(failure));
                            }
                        });
    }

    private static void answer(List<Waiting> group, Set<String> written) {
        group.forEach(
                each -> each.emitter().complete(written.contains(each.job().jobId())));
    }

    private record Waiting(SigningJob job, UniEmitter<? super Boolean> emitter) {}
}

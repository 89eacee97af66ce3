package io.iotdm.indexing.consumer;

import io.iotdm.indexing.consumer.StopSignal.StoppingException;
import io.iotdm.indexing.dynamic.IndexedThing;
import io.iotdm.indexing.dynamic.MembershipDecisions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;
import org.opensearch.client.opensearch._types.OpenSearchException;

/**
 * The dynamic-group memberships of the things a written batch holds ({@link MembershipDecisions}), decided on a
 * thread of their own ({@code membership-decisions}) while the consumer collects and writes the next batch: one batch
 * at a time, in order. The consumer's cycle is then the longer of the two steps rather than their sum, which is most
 * of a membership change's lag under load. A failure is retried alone, with the consumer's backoff, until the
 * decisions are published; the consumer commits the batch's offsets only once they are ({@link #awaitDecided()}).
 *
 * <p>Used by the consumer's thread only, apart from {@link #close()}. The service's {@link StopSignal} ends the
 * retries: the batch being decided then fails with {@link StoppingException}.
 */
final class DecisionPipeline {

    private static final Logger LOG = Logger.getLogger(DecisionPipeline.class);

    private final MembershipDecisions decisions;
    private final IndexingConfig config;
    private final IndexingStats stats;
    private final StopSignal stopSignal;

    private ExecutorService decider;

    /** The batch being decided, written: committed once its decisions are published. */
    private Batch deciding;

    private Future<?> decided;

    DecisionPipeline(MembershipDecisions decisions, IndexingConfig config, IndexingStats stats, StopSignal stopSignal) {
        this.decisions = decisions;
        this.config = config;
        this.stats = stats;
        this.stopSignal = stopSignal;
    }

    void start() {
        decider = Executors.newSingleThreadExecutor(
                Thread.ofPlatform().name("membership-decisions").factory());
    }

    /** Ends the thread, after the consumer's thread has ended. */
    void close() {
        if (decider != null) {
            decider.shutdownNow();
        }
    }

    /** Forgets the batch in hand: a new consumer resumes from the committed offsets. */
    void abandon() {
        deciding = null;
        decided = null;
    }

    /** Starts deciding a written batch; the previous one must have been {@linkplain #awaitDecided() awaited}. */
    void submit(Batch batch, List<IndexedThing> written) {
        List<IndexedThing> things = List.copyOf(written);
        deciding = batch;
        decided = decider.submit(() -> decide(things));
    }

    /** Whether a batch's decisions are published and it waits only for its commit. */
    boolean decidedBatchWaiting() {
        return decided != null && decided.isDone();
    }

    /**
     * Waits for the decisions of the batch in hand.
     *
     * @return that batch, to commit, or null when there is none
     */
    Batch awaitDecided() {
        if (decided == null) {
            return null;
        }
        try {
            decided.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoppingException();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure; // stopping, or a failure of the loop: a new consumer resumes from the commits
            }
            throw new IllegalStateException(e.getCause());
        }
        Batch done = deciding;
        abandon();
        return done;
    }

    /** Partitions revoked: the batch in hand commits without them, and unrecorded decisions are taken again. */
    void drop(Collection<TopicPartition> partitions) {
        if (deciding != null) {
            deciding.drop(partitions);
        }
        decisions.forgetUnrecorded();
    }

    /** Decides until it succeeds (each failure is retried with backoff) or the service stops. */
    private void decide(List<IndexedThing> things) {
        long backoff = config.retryInitialBackoff().toMillis();
        while (true) {
            stopSignal.check();
            long started = System.nanoTime();
            try {
                decisions.decide(things);
                stats.decisionMillis.addAndGet((System.nanoTime() - started) / 1_000_000);
                return;
            } catch (IOException | OpenSearchException | IllegalStateException | UncheckedIOException e) {
                LOG.warnf("Deciding the memberships of %d things failed, retrying: %s", things.size(), e.toString());
            }
            stats.retries.incrementAndGet();
            stopSignal.sleep(Duration.ofMillis(backoff));
            backoff = Math.min(backoff * 2, config.retryMaxBackoff().toMillis());
        }
    }
}

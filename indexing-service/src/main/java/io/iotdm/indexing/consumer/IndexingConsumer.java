package io.iotdm.indexing.consumer;

import io.iotdm.indexing.config.IndexingConfigurationStore;
import io.iotdm.indexing.config.ThingIndexState;
import io.iotdm.indexing.config.ThingIndexStateStore;
import io.iotdm.indexing.dynamic.DecisionTrace;
import io.iotdm.indexing.dynamic.IndexedThing;
import io.iotdm.indexing.dynamic.MembershipDecisions;
import io.iotdm.indexing.thing.PartUpdate;
import io.iotdm.messaging.UntilApplied;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordBatchMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.reactive.messaging.Acknowledgment;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Keeps the thing index from the event topics (channel {@value #CHANNEL}, platform/messaging's README), at least once:
 * each batch (one poll: at most {@code max.poll.records}, what the broker gathered within {@code fetch.max.wait.ms})
 * is folded to the newest change of each part ({@link Batch}) and written as one bulk until every update in it is
 * applied, found stale, or refused for good ({@link UntilApplied}, with the consumer's back-off). The dynamic-group
 * memberships of the things it wrote are then decided ({@link MembershipDecisions}) while the next batch is written,
 * and the batch is acknowledged, so its offsets committed, only once its decisions are published. Duplicates (a crash
 * between bulk and commit, a rebalance) are harmless: every update carries its part's version and OpenSearch drops
 * what is not newer.
 *
 * <p>Pipelined one deep: a batch's decisions start once the batch before has been decided, so that decisions are taken
 * one batch at a time and in order, and a batch's cycle is the longer of its bulk and the previous decisions rather than
 * their sum (most of a membership change's lag under load). The method's {@code Uni} completes when the decisions
 * start; SmallRye delivers the next batch then, and the {@code throttled} commit strategy commits a partition only up
 * to the last batch acknowledged.
 *
 * <p>Failures: an unreadable record is logged, counted and skipped (its offset is committed with the batch); an update
 * OpenSearch refuses for good (a 400 about the document) likewise; anything else (OpenSearch down, 429, 5xx, write
 * conflicts, no thing index yet) is retried, the updates still pending only, without end and without skipping, while
 * SmallRye pauses the partitions and keeps the consumer in its group.
 *
 * <p>The index's freshness, {@code iotdm_indexing_freshness_seconds}: for each record of a batch, the time from its
 * publication on Kafka (the record's timestamp: the outbox relay's send) to its batch written into the index (not yet
 * searchable: the index refreshes within a second). The outbox's own delay before that is {@code
 * iotdm_outbox_oldest_age_seconds}.
 */
@Singleton
class IndexingConsumer {

    static final String CHANNEL = "thing-index";

    private static final Logger LOG = Logger.getLogger(IndexingConsumer.class);

    private final IndexingConfig config;
    private final ThingIndexStateStore states;
    private final IndexingConfigurationStore configurations;
    private final BulkIndexer indexer;
    private final MembershipDecisions decisions;
    private final DecisionTrace trace;
    private final IndexingStats stats;
    private final IndexProgress progress;
    private final EventDecoder decoder = new EventDecoder();
    private final Timer freshness;

    /** The decisions of the last batch written: published once it completes, cancelled when the service stops. */
    private volatile CompletableFuture<Void> deciding = CompletableFuture.completedFuture(null);

    IndexingConsumer(
            IndexingConfig config,
            ThingIndexStateStore states,
            IndexingConfigurationStore configurations,
            BulkIndexer indexer,
            MembershipDecisions decisions,
            DecisionTrace trace,
            IndexingStats stats,
            IndexProgress progress,
            MeterRegistry registry) {
        this.config = config;
        this.states = states;
        this.configurations = configurations;
        this.indexer = indexer;
        this.decisions = decisions;
        this.trace = trace;
        this.stats = stats;
        this.progress = progress;
        this.freshness = Timer.builder("iotdm.indexing.freshness")
                .description("Time from an event's publication on Kafka to its update written into the index")
                // from a batch's fetch wait (100 ms) to a minute behind: where a consumer that keeps up and one that
                // lags are told apart
                .serviceLevelObjectives(
                        Duration.ofMillis(100),
                        Duration.ofMillis(250),
                        Duration.ofMillis(500),
                        Duration.ofSeconds(1),
                        Duration.ofMillis(2500),
                        Duration.ofSeconds(5),
                        Duration.ofSeconds(10),
                        Duration.ofSeconds(30),
                        Duration.ofSeconds(60))
                .register(registry);
    }

    @Incoming(CHANNEL)
    @Acknowledgment(Acknowledgment.Strategy.MANUAL) // once decided, by decide(), not when this Uni completes
    Uni<Void> consume(KafkaRecordBatch<String, byte[]> records) {
        @SuppressWarnings("unchecked")
        IncomingKafkaRecordBatchMetadata<String, byte[]> metadata =
                records.getMetadata(IncomingKafkaRecordBatchMetadata.class).orElseThrow();
        Batch batch = new Batch();
        for (ConsumerRecord<String, byte[]> record : metadata.getRecords()) {
            add(batch, record);
        }
        List<IndexedThing> written = new ArrayList<>();
        List<PartUpdate> pending = new ArrayList<>(batch.updates());
        return UntilApplied.apply(
                        "Writing " + pending.size() + " index updates",
                        () -> Uni.createFrom()
                                .<Void>item(() -> {
                                    writeOnce(pending, written);
                                    return null;
                                })
                                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool()) // OpenSearch's client blocks
                                .onFailure()
                                .invoke(stats.retries::incrementAndGet),
                        config.retryInitialBackoff(),
                        config.retryMaxBackoff())
                // written: searchable after the next refresh (the commit waits for the batch's decisions)
                .invoke(() -> progress.wrote(batch.offsets()))
                .invoke(() -> written(metadata.getRecords()))
                .chain(() -> Uni.createFrom().completionStage(deciding.copy()))
                .invoke(() -> deciding = decide(written, records, trace.deciding(metadata.getRecords())));
    }

    private void written(Iterable<ConsumerRecord<String, byte[]>> records) {
        long now = System.currentTimeMillis();
        for (ConsumerRecord<String, byte[]> record : records) {
            freshness.record(Math.max(0, now - record.timestamp()), TimeUnit.MILLISECONDS);
        }
    }

    /** Decides the memberships of what a batch wrote, then acknowledges the batch; {@code span} is the decisions'. */
    private CompletableFuture<Void> decide(
            List<IndexedThing> written, KafkaRecordBatch<String, byte[]> records, Span span) {
        return UntilApplied.apply(
                        "Deciding the memberships of " + written.size() + " things",
                        () -> Uni.createFrom()
                                .<Void>item(() -> {
                                    long started = System.nanoTime();
                                    try (Scope decided = span.makeCurrent()) {
                                        decisions.decide(written);
                                    } catch (IOException e) {
                                        throw new UncheckedIOException(e);
                                    }
                                    stats.decisionMillis.addAndGet((System.nanoTime() - started) / 1_000_000);
                                    return null;
                                })
                                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                                .onFailure()
                                .invoke(stats.retries::incrementAndGet),
                        config.retryInitialBackoff(),
                        config.retryMaxBackoff())
                .onTermination()
                .invoke(() -> span.end())
                .chain(() -> Uni.createFrom().completionStage(records.ack()))
                .invoke(stats.acknowledgedBatches::incrementAndGet)
                .subscribeAsCompletionStage(); // cancelling it (the service stopping) cancels the retries
    }

    void stop(@Observes ShutdownEvent stopping) {
        deciding.cancel(false); // not acknowledged: read again from the committed offsets
    }

    private void add(Batch batch, ConsumerRecord<String, byte[]> record) {
        stats.records.incrementAndGet();
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        Optional<PartUpdate> update;
        try {
            update = decoder.decode(record);
        } catch (PoisonRecordException e) {
            stats.poisonRecords.incrementAndGet();
            LOG.warnf(
                    "Skipping an unreadable record %s-%d@%d (key %s): %s",
                    record.topic(), record.partition(), record.offset(), record.key(), e.getMessage());
            batch.skip(partition, record.offset());
            return;
        }
        if (update.isEmpty()) {
            stats.ignoredRecords.incrementAndGet();
            batch.skip(partition, record.offset());
        } else if (batch.add(partition, record.offset(), update.get())) {
            stats.coalesced.incrementAndGet();
        }
    }

    /**
     * One attempt, to the indices of the state read now (not when the records were polled): a rebuild that started
     * since then already gets them. With thing indexing OFF thing updates are dropped; before the coordinator has
     * created the first thing index they wait. Thing-group updates go to the group index in any case.
     *
     * @param pending the updates still to write; what is left to try again when this returns
     * @param written collects the live documents written, whose memberships are to be decided
     * @throws IllegalStateException when updates are left to try again
     */
    private void writeOnce(List<PartUpdate> pending, List<IndexedThing> written) {
        if (pending.isEmpty()) {
            return;
        }
        ThingIndexState state = states.current();
        List<PartUpdate> retry;
        try {
            if (state.live() == null
                    && state.building() == null
                    && configurations.current().thingIndexOn()) {
                retry = new ArrayList<>();
                List<PartUpdate> groups = new ArrayList<>();
                pending.forEach(update -> (update.part().isThingGroup() ? groups : retry).add(update));
                retry.addAll(indexer.write(groups, state).retry());
                if (!retry.isEmpty()) {
                    pending.retainAll(retry);
                    throw new IllegalStateException(
                            "No thing index yet; " + retry.size() + " thing updates wait for it");
                }
            } else {
                BulkIndexer.Outcome outcome = indexer.write(pending, state);
                written.addAll(outcome.live());
                retry = outcome.retry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // every update is tried again
        }
        pending.retainAll(retry);
        if (!pending.isEmpty()) {
            // an update that failed on one index is retried on all: on the other it is found applied and does nothing
            throw new IllegalStateException(pending.size() + " index updates left to retry");
        }
    }

    /**
     * The channel's partitions moved: another instance may decide their things meanwhile, so results not yet recorded
     * on their documents are forgotten. Named by the channel's {@code consumer-rebalance-listener.name}.
     */
    @ApplicationScoped
    @Identifier(CHANNEL)
    static class Rebalance implements KafkaConsumerRebalanceListener {

        private final MembershipDecisions decisions;

        Rebalance(MembershipDecisions decisions) {
            this.decisions = decisions;
        }

        @Override
        public void onPartitionsRevoked(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
            decisions.forgetUnrecorded();
        }

        @Override
        public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
            decisions.forgetUnrecorded();
        }
    }
}

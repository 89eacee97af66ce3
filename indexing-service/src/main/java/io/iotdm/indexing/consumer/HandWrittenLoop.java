package io.iotdm.indexing.consumer;

import io.iotdm.indexing.config.IndexingConfigurationStore;
import io.iotdm.indexing.config.ThingIndexState;
import io.iotdm.indexing.config.ThingIndexStateStore;
import io.iotdm.indexing.consumer.StopSignal.StoppingException;
import io.iotdm.indexing.dynamic.IndexedThing;
import io.iotdm.indexing.dynamic.MembershipDecisions;
import io.iotdm.indexing.thing.PartUpdate;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.opensearch.client.opensearch._types.OpenSearchException;

/**
 * MEASUREMENT ONLY (issue 13): the hand-written loop that {@link IndexingConsumer} replaces, run instead of it with
 * {@code iotdm.indexing.hand-written-loop=true} (and the channel off), to compare the two in one run.
 *
 * <p>Keeps the thing index from the event topics, at least once: poll, fold the records into a batch (at most
 * {@code batch-size} records, or what arrived within {@code max-wait} of the first), write it as one bulk, decide the
 * dynamic-group memberships of the things it wrote ({@link DecisionPipeline}, on a thread of its own while the next
 * batch is collected and written), and commit the batch's offsets only once every update in it is applied, found
 * stale, or refused for good, and its decisions are published. Duplicates that this produces (a crash between bulk and
 * commit, a rebalance) are harmless: every update carries its part's version and OpenSearch drops what is not newer.
 *
 * <p>A plain {@link KafkaConsumer} on a thread of its own rather than a reactive-messaging channel: the loop needs
 * exactly "commit after the bulk", pausing every partition while a failed bulk is retried (still polling, so the group
 * keeps it), and dropping a revoked partition's part of a batch, all of which are a few lines here and indirect
 * through a connector's commit and failure strategies.
 *
 * <p>Failures: an unreadable record is logged, counted and skipped (the offset moves past it); an update OpenSearch
 * refuses for good (a 400 about the document) likewise; anything else (OpenSearch down, 429, 5xx, write conflicts)
 * is retried with backoff, without end and without skipping. A failure of the loop itself closes the consumer and
 * starts a new one, which resumes from the committed offsets.
 */
@Singleton
public class HandWrittenLoop {

    private static final Logger LOG = Logger.getLogger(HandWrittenLoop.class);
    private static final Duration IDLE_POLL = Duration.ofMillis(500);

    /** What the consumer is doing, for the health checks. */
    public enum State {
        STARTING,
        RUNNING,
        RETRYING,
        STOPPED,
        DISABLED
    }

    private final IndexingConfig config;
    private final ThingIndexStateStore states;
    private final IndexingConfigurationStore configurations;
    private final BulkIndexer indexer;
    private final DecisionPipeline decisions;
    private final IndexingStats stats;
    private final IndexProgress progress;
    private final String bootstrapServers;
    private final EventDecoder decoder = new EventDecoder();

    private final StopSignal stopSignal = new StopSignal();
    private volatile boolean running;
    private volatile State state = State.STARTING;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private Thread thread;

    HandWrittenLoop(
            IndexingConfig config,
            ThingIndexStateStore states,
            IndexingConfigurationStore configurations,
            BulkIndexer indexer,
            MembershipDecisions decisions,
            IndexingStats stats,
            IndexProgress progress,
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this.config = config;
        this.states = states;
        this.configurations = configurations;
        this.indexer = indexer;
        this.decisions = new DecisionPipeline(decisions, config, stats, stopSignal);
        this.stats = stats;
        this.progress = progress;
        this.bootstrapServers = bootstrapServers;
    }

    void start(@Observes StartupEvent started) {
        if (!config.consumerEnabled() || !config.handWrittenLoop()) {
            state = State.DISABLED;
            return;
        }
        running = true;
        decisions.start();
        thread = Thread.ofPlatform().name("indexing-consumer").start(this::run);
    }

    void stop(@Observes ShutdownEvent stopping) throws InterruptedException {
        running = false;
        stopSignal.stop();
        KafkaConsumer<String, byte[]> current = consumer;
        if (current != null) {
            current.wakeup(); // ends a poll; the consumer then closes and leaves its group
        }
        if (thread != null) {
            thread.join(TimeUnit.SECONDS.toMillis(10));
            if (thread.isAlive()) {
                thread.interrupt(); // stuck in a request to OpenSearch
                thread.join(TimeUnit.SECONDS.toMillis(5));
            }
        }
        decisions.close();
    }

    public State state() {
        return state;
    }

    /** Ready unless it is meant to run and has not subscribed. */
    public boolean ready() {
        return state == State.RUNNING || state == State.RETRYING || state == State.DISABLED;
    }

    /** Whether the consumer thread is alive (or was never meant to run). */
    public boolean alive() {
        return state == State.DISABLED || (thread != null && thread.isAlive()) || !running;
    }

    private void run() {
        try {
            while (running) {
                try (KafkaConsumer<String, byte[]> created = newConsumer()) {
                    consumer = created;
                    new Loop(created).run();
                } catch (WakeupException | InterruptException | StoppingException stopping) {
                    // stop() asked
                } catch (RuntimeException failure) {
                    if (running) {
                        LOG.errorf(failure, "The indexing consumer failed; restarting it from the committed offsets");
                        stopSignal.sleep(config.retryMaxBackoff());
                    }
                } finally {
                    consumer = null;
                }
            }
        } finally {
            state = State.STOPPED;
        }
    }

    /** One consumer's life: its rebalance listener, the records it holds back, and its batches. */
    private final class Loop implements ConsumerRebalanceListener {

        private final KafkaConsumer<String, byte[]> consumer;
        /** Records that a poll returned while the loop was waiting to retry: the next batch starts with them. */
        private final List<ConsumerRecord<String, byte[]>> carried = new ArrayList<>();

        private Batch batch = new Batch();
        /** The live documents the batch in hand wrote. */
        private final List<IndexedThing> written = new ArrayList<>();

        private boolean retrying;

        Loop(KafkaConsumer<String, byte[]> consumer) {
            this.consumer = consumer;
            decisions.abandon(); // a batch an earlier consumer left undecided is read again from the commits
        }

        void run() {
            consumer.subscribe(EventDecoder.TOPICS, this);
            state = State.RUNNING;
            LOG.infof("Indexing %s into the fleet indices (group %s)", EventDecoder.TOPICS, config.groupId());
            while (running) {
                batch = new Batch();
                written.clear();
                collect();
                if (!batch.isEmpty()) {
                    flush();
                    // written: searchable after the next refresh (the commit waits for the batch's decisions)
                    progress.wrote(batch.offsets());
                }
                settle();
                if (!batch.isEmpty()) {
                    decisions.submit(batch, written);
                }
            }
        }

        /** Waits for the previous batch's decisions, then commits its offsets. */
        private void settle() {
            Batch decided = decisions.awaitDecided();
            if (decided != null) {
                commit(decided);
            }
        }

        /** Fills the batch: up to batch-size records, or until max-wait after the first one. */
        private void collect() {
            List<ConsumerRecord<String, byte[]>> earlier = new ArrayList<>(carried);
            carried.clear();
            for (ConsumerRecord<String, byte[]> record : earlier) {
                if (batch.records() < config.batchSize()) {
                    add(record);
                } else {
                    carried.add(record);
                }
            }
            long maxWait = config.maxWait().toNanos();
            while (running && batch.records() < config.batchSize()) {
                if (batch.isEmpty() && decisions.decidedBatchWaiting()) {
                    settle(); // idle: the last batch's offsets need not wait for the next one
                }
                Duration timeout = IDLE_POLL;
                if (!batch.isEmpty()) {
                    long left = batch.firstAt() + maxWait - System.nanoTime();
                    if (left <= 0) {
                        return;
                    }
                    timeout = Duration.ofNanos(left);
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(timeout)) {
                    if (batch.records() < config.batchSize()) {
                        add(record);
                    } else {
                        carried.add(record); // the next batch's first record
                    }
                }
            }
        }

        private void add(ConsumerRecord<String, byte[]> record) {
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

        /** Writes the batch, retrying what failed until nothing is left or the consumer stops. */
        private void flush() {
            List<PartUpdate> pending = batch.updates();
            long backoff = config.retryInitialBackoff().toMillis();
            while (!pending.isEmpty()) {
                try {
                    pending = write(pending);
                } catch (java.io.IOException | OpenSearchException | IllegalStateException | UncheckedIOException e) {
                    LOG.warnf("Writing %d index updates failed, retrying: %s", pending.size(), e.toString());
                }
                if (pending.isEmpty()) {
                    break;
                }
                stats.retries.incrementAndGet();
                pauseFor(Duration.ofMillis(backoff));
                backoff = Math.min(backoff * 2, config.retryMaxBackoff().toMillis());
                pending = batch.retain(pending); // partitions revoked meanwhile are their next owner's now
            }
            if (retrying) {
                retrying = false;
                state = State.RUNNING;
                consumer.resume(consumer.paused());
            }
        }

        /**
         * One attempt, to the indices of the state read now (not when the records were polled): a rebuild that started
         * since then already gets them. With thing indexing OFF thing updates are dropped; before the coordinator has
         * created the first thing index they wait. Thing-group updates go to the group index in any case.
         *
         * @return the updates to try again
         */
        private List<PartUpdate> write(List<PartUpdate> updates) throws java.io.IOException {
            ThingIndexState state = states.current();
            if (state.live() == null
                    && state.building() == null
                    && configurations.current().thingIndexOn()) {
                LOG.debug("No thing index yet; thing updates wait for it");
                List<PartUpdate> retry = new ArrayList<>();
                List<PartUpdate> groups = new ArrayList<>();
                updates.forEach(update -> (update.part().isThingGroup() ? groups : retry).add(update));
                retry.addAll(indexer.write(groups, state).retry());
                return retry;
            }
            BulkIndexer.Outcome outcome = indexer.write(updates, state);
            written.addAll(outcome.live());
            return outcome.retry();
        }

        /**
         * Waits with every partition paused, polling so that the group does not count this consumer as gone (a
         * rebalance may still move partitions: {@link #onPartitionsRevoked} then drops them from the batch).
         */
        private void pauseFor(Duration wait) {
            checkRunning();
            retrying = true;
            state = State.RETRYING;
            consumer.pause(consumer.assignment());
            long until = System.nanoTime() + wait.toNanos();
            long left;
            while ((left = until - System.nanoTime()) > 0) {
                checkRunning();
                consumer.poll(Duration.ofNanos(left)).forEach(carried::add);
            }
        }

        private void commit(Batch done) {
            var offsets = done.offsets();
            if (offsets.isEmpty()) {
                return;
            }
            try {
                long started = System.nanoTime();
                consumer.commitSync(offsets);
                stats.commitMillis.addAndGet((System.nanoTime() - started) / 1_000_000);
                stats.commits.incrementAndGet();
            } catch (CommitFailedException | RebalanceInProgressException e) {
                // the partitions moved on: their new owner reads these records again and finds them applied
                LOG.infof("Offsets not committed after a rebalance: %s", e.getMessage());
            }
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            batch.drop(partitions);
            decisions.drop(partitions);
            carried.removeIf(record -> partitions.contains(new TopicPartition(record.topic(), record.partition())));
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            onPartitionsRevoked(partitions);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (retrying) {
                consumer.pause(partitions); // nothing new while the batch in hand is not written
            }
        }
    }

    private KafkaConsumer<String, byte[]> newConsumer() {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
        properties.put(
                ConsumerConfig.CLIENT_ID_CONFIG,
                "iotdm-indexing-" + ProcessHandle.current().pid());
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // a new group indexes everything the topics still hold
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, config.batchSize());
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return new KafkaConsumer<>(properties);
    }

    private void checkRunning() {
        if (!running) {
            throw new StoppingException();
        }
    }
}

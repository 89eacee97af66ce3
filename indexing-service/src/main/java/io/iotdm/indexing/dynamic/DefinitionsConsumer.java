package io.iotdm.indexing.dynamic;

import io.iotdm.aws.protocol.AwsServiceException;
import io.iotdm.events.DynamicGroupMessages;
import io.iotdm.events.DynamicGroupMessages.Definition;
import io.iotdm.indexing.consumer.IndexingConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Keeps the percolator ({@link PercolatorIndex}) from the dynamic-group definitions topic, which group-service
 * creates compacted and writes through its outbox. Reads it from its beginning on every start, without a consumer
 * group (every instance reads everything; the percolator's external versions make their writes converge), and
 * follows it. What the topic held at the start is applied group by group, the last definition of each only: its
 * uncompacted tail may hold thousands of groups created and deleted, each two writes and refreshes (a restarted
 * service took 30-80 s to store a new group's query behind them). A definition's query is translated by SearchIndex's translator; one that no longer translates (the
 * indexing configuration changed under it) is stored as {@code match_none} at its revision, so that its backfill
 * still ends. Failures of OpenSearch are retried without skipping.
 */
@Singleton
class DefinitionsConsumer {

    private static final Logger LOG = Logger.getLogger(DefinitionsConsumer.class);

    private final DynamicGroupsConfig config;
    private final IndexingConfig indexing;
    private final PercolatorIndex index;
    private final PercolatorRepository repository;
    private final GroupQueries queries;
    private final DefinitionsView view;
    private final String bootstrapServers;

    private final CountDownLatch stopSignal = new CountDownLatch(1);
    private volatile boolean running;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private Thread thread;

    DefinitionsConsumer(
            DynamicGroupsConfig config,
            IndexingConfig indexing,
            PercolatorIndex index,
            PercolatorRepository repository,
            GroupQueries queries,
            DefinitionsView view,
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this.config = config;
        this.indexing = indexing;
        this.index = index;
        this.repository = repository;
        this.queries = queries;
        this.view = view;
        this.bootstrapServers = bootstrapServers;
    }

    void start(@Observes StartupEvent started) {
        if (!config.definitionsEnabled() || !indexing.consumerEnabled()) {
            return;
        }
        running = true;
        thread = Thread.ofPlatform().name("dynamic-group-definitions").start(this::run);
    }

    void stop(@Observes ShutdownEvent stopping) throws InterruptedException {
        running = false;
        stopSignal.countDown();
        KafkaConsumer<String, byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        if (thread != null) {
            thread.join(TimeUnit.SECONDS.toMillis(10));
            if (thread.isAlive()) {
                thread.interrupt();
            }
        }
    }

    private void run() {
        while (running) {
            try (KafkaConsumer<String, byte[]> created = newConsumer()) {
                consumer = created;
                follow(created);
            } catch (WakeupException | InterruptException stopping) {
                // stop() asked
            } catch (RuntimeException | IOException failure) {
                if (running) {
                    LOG.warnf("Reading the dynamic group definitions failed, starting over: %s", failure.toString());
                    pause();
                }
            } finally {
                consumer = null;
            }
        }
    }

    private void follow(KafkaConsumer<String, byte[]> consumer) throws IOException {
        List<PartitionInfo> partitions = consumer.partitionsFor(DynamicGroupMessages.DEFINITIONS_TOPIC);
        if (partitions == null || partitions.isEmpty()) {
            LOG.debugf(
                    "No topic %s yet (group-service creates it); looking again later",
                    DynamicGroupMessages.DEFINITIONS_TOPIC);
            pause();
            return;
        }
        index.create();
        List<TopicPartition> assigned = partitions.stream()
                .map(partition -> new TopicPartition(partition.topic(), partition.partition()))
                .toList();
        consumer.assign(assigned);
        consumer.seekToBeginning(assigned);
        Map<TopicPartition, Long> end = consumer.endOffsets(assigned);
        Map<String, ConsumerRecord<String, byte[]>> latest = new LinkedHashMap<>();
        while (running && assigned.stream().anyMatch(partition -> consumer.position(partition) < end.get(partition))) {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                if (record.value() != null || !latest.containsKey(record.key())) {
                    latest.put(record.key(), record); // a compaction tombstone leaves the deletion before it
                }
            }
        }
        latest.values().forEach(this::applyWithRetry);
        LOG.infof(
                "Following %s (%d partitions, %d groups' definitions so far) into the percolator",
                DynamicGroupMessages.DEFINITIONS_TOPIC, assigned.size(), latest.size());
        while (running) {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                applyWithRetry(record);
            }
        }
    }

    private void applyWithRetry(ConsumerRecord<String, byte[]> record) {
        while (running) {
            try {
                apply(record);
                return;
            } catch (IOException | RuntimeException e) {
                if (e instanceof IllegalArgumentException) {
                    LOG.warnf(
                            "Skipping an unreadable definition %s-%d@%d: %s",
                            record.topic(), record.partition(), record.offset(), e.getMessage());
                    return;
                }
                LOG.warnf("Applying the definition of %s failed, retrying: %s", record.key(), e.toString());
                pause();
            }
        }
    }

    private void apply(ConsumerRecord<String, byte[]> record) throws IOException {
        if (record.value() == null) {
            return; // a compaction tombstone: the deletion definition before it did the work
        }
        Definition definition = Definition.parse(record.value());
        if (definition.groupName().isEmpty()) {
            throw new IllegalArgumentException("no thingGroupName");
        }
        if (definition.deleted()) {
            if (!repository.delete(definition.groupName(), definition.revision())) {
                LOG.debugf("Stale deletion of %s at %d", definition.groupName(), definition.revision());
            }
        } else {
            GroupQueries.Translated translated;
            try {
                translated = queries.translate(definition.queryString());
            } catch (AwsServiceException invalid) {
                LOG.warnf(
                        "The query of dynamic group %s (revision %d) does not translate, it matches nothing: %s",
                        definition.groupName(), definition.revision(), invalid.getMessage());
                translated = GroupQueries.Translated.matchNone();
            }
            index.mapFields(translated.fields());
            if (!repository.store(definition, translated)) {
                LOG.debugf("Stale definition of %s at %d", definition.groupName(), definition.revision());
            }
        }
        view.applied(definition.groupName(), definition.revision(), definition.deleted());
    }

    private KafkaConsumer<String, byte[]> newConsumer() {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(
                ConsumerConfig.CLIENT_ID_CONFIG,
                "iotdm-dynamic-definitions-" + ProcessHandle.current().pid());
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // group-service creates the topic compacted; an auto-created one would be neither
        properties.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        properties.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000);
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return new KafkaConsumer<>(properties);
    }

    private void pause() {
        try {
            stopSignal.await(config.definitionsRetry().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}

package io.iotdm.group.dynamic;

import io.iotdm.events.DynamicGroupMessages;
import io.iotdm.events.DynamicGroupMessages.Decision;
import io.iotdm.group.GroupConfig;
import io.iotdm.group.membership.DynamicMemberships;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Applies the indexing-service's membership decisions (iotdm.dynamic-membership) at least once: a poll's records are
 * applied one by one and its offsets committed after the last. A decision applied twice changes nothing the second
 * time, and one older than the last applied for its thing is ignored ({@link DynamicMemberships#apply}). A failed
 * record is retried (the consumer is recreated and resumes from the committed offsets), never skipped, except one
 * that cannot be read.
 */
@Singleton
public class DecisionConsumer {

    private static final Logger LOG = Logger.getLogger(DecisionConsumer.class);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration RETRY = Duration.ofSeconds(1);
    private static final Duration APPLY_TIMEOUT = Duration.ofSeconds(60);

    private final DynamicMemberships memberships;
    private final GroupConfig.Dynamic config;
    private final String bootstrapServers;

    private volatile boolean running;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private Thread thread;

    DecisionConsumer(
            DynamicMemberships memberships,
            GroupConfig config,
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this.memberships = memberships;
        this.config = config.dynamic();
        this.bootstrapServers = bootstrapServers;
    }

    void start(@Observes StartupEvent started) {
        if (!config.decisionsEnabled()) {
            return;
        }
        running = true;
        thread = Thread.ofPlatform().name("dynamic-membership-consumer").start(this::run);
    }

    void stop(@Observes ShutdownEvent stopping) throws InterruptedException {
        running = false;
        KafkaConsumer<String, byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        if (thread != null) {
            thread.join(TimeUnit.SECONDS.toMillis(10));
            if (thread.isAlive()) {
                thread.interrupt();
                thread.join(TimeUnit.SECONDS.toMillis(5));
            }
        }
    }

    private void run() {
        while (running) {
            try (KafkaConsumer<String, byte[]> created = newConsumer()) {
                consumer = created;
                created.subscribe(List.of(DynamicGroupMessages.MEMBERSHIP_TOPIC));
                LOG.infof(
                        "Applying dynamic membership decisions of %s (group %s)",
                        DynamicGroupMessages.MEMBERSHIP_TOPIC, config.decisionsGroupId());
                while (running) {
                    ConsumerRecords<String, byte[]> records = created.poll(POLL);
                    for (ConsumerRecord<String, byte[]> record : records) {
                        apply(record);
                    }
                    if (!records.isEmpty()) {
                        created.commitSync();
                    }
                }
            } catch (WakeupException | InterruptException stopping) {
                // stop() asked
            } catch (RuntimeException failure) {
                if (running) {
                    LOG.errorf(
                            failure,
                            "Applying dynamic membership decisions failed; resuming from the committed offsets");
                    sleep(RETRY);
                }
            } finally {
                consumer = null;
            }
        }
    }

    private void apply(ConsumerRecord<String, byte[]> record) {
        Decision decision;
        try {
            decision = Decision.parse(record.value());
        } catch (RuntimeException unreadable) {
            LOG.errorf(
                    "Skipping an unreadable record of %s at offset %d: %s",
                    record.topic(), record.offset(), unreadable);
            return;
        }
        if (decision.thingName().isEmpty() || decision.thingId().isEmpty()) {
            LOG.errorf("Skipping a decision without thingName or thingId at offset %d", record.offset());
            return;
        }
        boolean applied = memberships.apply(decision).await().atMost(APPLY_TIMEOUT);
        if (!applied) {
            LOG.debugf("Ignored a stale decision about thing %s", decision.thingName());
        }
    }

    private KafkaConsumer<String, byte[]> newConsumer() {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, config.decisionsGroupId());
        properties.put(ConsumerConfig.CLIENT_ID_CONFIG, "group-service-dynamic-membership");
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return new KafkaConsumer<>(properties);
    }

    private void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException stopping) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}

package io.iotdm.group.membership;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.iotdm.events.Event;
import io.iotdm.events.RegistryEvents;
import io.iotdm.group.GroupConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Follows the registry's thing events (aws.events.thing) and removes a deleted thing from all its groups, at least
 * once: a poll's records are applied one by one and its offsets committed after the last. Applying a deletion twice
 * removes nothing the second time ({@link MembershipService#thingDeleted}), so a redelivery is harmless.
 *
 * <p>A plain {@link KafkaConsumer} on a thread of its own, like the indexing-service's consumer: a failed record is
 * retried (the consumer is recreated and resumes from the committed offsets), never skipped, except one that cannot
 * be read, which is logged and skipped.
 */
@Singleton
public class ThingDeletionConsumer {

    private static final Logger LOG = Logger.getLogger(ThingDeletionConsumer.class);
    private static final JsonMapper JSON = new JsonMapper();
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration RETRY = Duration.ofSeconds(1);
    private static final Duration APPLY_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration PRUNE_INTERVAL = Duration.ofHours(1);

    private final MembershipService memberships;
    private final GroupConfig.ThingEvents config;
    private final String bootstrapServers;

    private volatile boolean running;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private Thread thread;
    private Instant nextPrune = Instant.EPOCH;

    ThingDeletionConsumer(
            MembershipService memberships,
            GroupConfig config,
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this.memberships = memberships;
        this.config = config.thingEvents();
        this.bootstrapServers = bootstrapServers;
    }

    void start(@Observes StartupEvent started) {
        if (!config.enabled()) {
            return;
        }
        running = true;
        thread = Thread.ofPlatform().name("thing-deletion-consumer").start(this::run);
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
                created.subscribe(List.of(RegistryEvents.THING_TOPIC));
                LOG.infof("Following thing deletions on %s (group %s)", RegistryEvents.THING_TOPIC, config.groupId());
                while (running) {
                    ConsumerRecords<String, byte[]> records = created.poll(POLL);
                    for (ConsumerRecord<String, byte[]> record : records) {
                        apply(record);
                    }
                    if (!records.isEmpty()) {
                        created.commitSync();
                    }
                    prune();
                }
            } catch (WakeupException | InterruptException stopping) {
                // stop() asked
            } catch (RuntimeException failure) {
                if (running) {
                    LOG.errorf(failure, "Applying thing deletions failed; resuming from the committed offsets");
                    sleep(RETRY);
                }
            } finally {
                consumer = null;
            }
        }
    }

    private void apply(ConsumerRecord<String, byte[]> record) {
        JsonNode payload;
        try {
            payload = JSON.readTree(record.value());
        } catch (IOException | RuntimeException unreadable) {
            LOG.errorf(
                    "Skipping an unreadable record of %s at offset %d: %s",
                    record.topic(), record.offset(), unreadable);
            return;
        }
        if (payload == null || !"DELETED".equals(payload.path("operation").asText())) {
            return;
        }
        String thingName = payload.path("thingName").asText(null);
        String thingId = payload.path("thingId").asText(null);
        if (thingName == null || thingId == null) {
            LOG.errorf("Skipping a thing deletion without thingName or thingId at offset %d", record.offset());
            return;
        }
        int removed = memberships
                .thingDeleted(thingName, thingId, revision(record))
                .await()
                .atMost(APPLY_TIMEOUT);
        if (removed > 0) {
            LOG.debugf("Thing %s was deleted: removed it from %d groups", thingName, removed);
        }
    }

    private void prune() {
        Instant now = Instant.now();
        if (now.isBefore(nextPrune)) {
            return;
        }
        nextPrune = now.plus(PRUNE_INTERVAL);
        try {
            memberships.pruneDeletedThings().await().atMost(APPLY_TIMEOUT);
        } catch (RuntimeException failure) {
            LOG.warnf("Pruning deleted things failed: %s", failure.toString());
        }
    }

    private static long revision(ConsumerRecord<String, byte[]> record) {
        Header header = record.headers().lastHeader(Event.RESOURCE_VERSION_HEADER);
        if (header == null) {
            return 0;
        }
        try {
            return Long.parseLong(new String(header.value(), StandardCharsets.UTF_8));
        } catch (NumberFormatException unreadable) {
            return 0;
        }
    }

    private KafkaConsumer<String, byte[]> newConsumer() {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
        properties.put(ConsumerConfig.CLIENT_ID_CONFIG, "group-service-thing-deletions");
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

package io.iotdm.group.membership;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.iotdm.events.Event;
import io.iotdm.events.RegistryEvents;
import io.iotdm.group.GroupConfig;
import io.iotdm.group.kafka.TopicFollower;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Follows the registry's thing events (aws.events.thing) and removes a deleted thing from all its groups, at least
 * once: a poll's records are applied one by one and its offsets committed after the last. Applying a deletion twice
 * removes nothing the second time ({@link MembershipService#thingDeleted}), so a redelivery is harmless.
 *
 * <p>{@link TopicFollower} retries a failed record, never skips it, except one that cannot be read, which is logged and
 * skipped here.
 */
@Singleton
public class ThingDeletionConsumer {

    private static final Logger LOG = Logger.getLogger(ThingDeletionConsumer.class);
    private static final JsonMapper JSON = new JsonMapper();
    private static final Duration APPLY_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration PRUNE_INTERVAL = Duration.ofHours(1);

    private final MembershipService memberships;
    private final GroupConfig.ThingEvents config;

    private final TopicFollower follower;
    private Instant nextPrune = Instant.EPOCH;

    ThingDeletionConsumer(
            MembershipService memberships,
            GroupConfig config,
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this.memberships = memberships;
        this.config = config.thingEvents();
        this.follower = new TopicFollower(
                bootstrapServers,
                RegistryEvents.THING_TOPIC,
                this.config.groupId(),
                "group-service-thing-deletions",
                records -> records.forEach(this::apply),
                this::prune);
    }

    void start(@Observes StartupEvent started) {
        if (config.enabled()) {
            follower.start();
        }
    }

    void stop(@Observes ShutdownEvent stopping) throws InterruptedException {
        follower.stop();
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
}

package io.iotdm.group.dynamic;

import io.iotdm.events.DynamicGroupMessages;
import io.iotdm.events.DynamicGroupMessages.Decision;
import io.iotdm.group.GroupConfig;
import io.iotdm.group.kafka.TopicFollower;
import io.iotdm.group.membership.DynamicMemberships;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Duration;
import org.apache.kafka.clients.consumer.ConsumerRecord;
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
    private static final Duration APPLY_TIMEOUT = Duration.ofSeconds(60);

    private final DynamicMemberships memberships;
    private final GroupConfig.Dynamic config;
    private final TopicFollower follower;

    DecisionConsumer(
            DynamicMemberships memberships,
            GroupConfig config,
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this.memberships = memberships;
        this.config = config.dynamic();
        this.follower = new TopicFollower(
                bootstrapServers,
                DynamicGroupMessages.MEMBERSHIP_TOPIC,
                this.config.decisionsGroupId(),
                "group-service-dynamic-membership",
                this::apply,
                () -> {});
    }

    void start(@Observes StartupEvent started) {
        if (config.decisionsEnabled()) {
            follower.start();
        }
    }

    void stop(@Observes ShutdownEvent stopping) throws InterruptedException {
        follower.stop();
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
}

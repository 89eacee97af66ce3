package io.iotdm.group.dynamic;

import io.iotdm.events.DynamicGroupMessages;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Makes sure that iotdm.dynamic-group-definitions is a compacted topic before the outbox relay publishes to it (the
 * relay starts on the same startup event, later: this observer's priority is lower), so that the broker never
 * auto-creates it with the default delete policy: the indexing-service reads every definition from its beginning.
 * An existing topic that is not compacted is altered.
 */
@Singleton
public class DefinitionsTopic {

    private static final Logger LOG = Logger.getLogger(DefinitionsTopic.class);
    private static final Duration GIVE_UP = Duration.ofSeconds(60);

    private final String bootstrapServers;

    DefinitionsTopic(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    void create(@Observes @Priority(10) StartupEvent started) throws InterruptedException {
        Instant deadline = Instant.now().plus(GIVE_UP);
        while (true) {
            try {
                ensureCompacted(DynamicGroupMessages.DEFINITIONS_TOPIC);
                return;
            } catch (ExecutionException | RuntimeException failure) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException(
                            "Cannot create the compacted topic " + DynamicGroupMessages.DEFINITIONS_TOPIC, failure);
                }
                LOG.warnf(
                        "Creating the compacted topic %s failed, retrying: %s",
                        DynamicGroupMessages.DEFINITIONS_TOPIC, failure.toString());
                Thread.sleep(1000);
            }
        }
    }

    /** Creates the topic compacted, or makes an existing one compacted. */
    void ensureCompacted(String topic) throws ExecutionException, InterruptedException {
        Properties properties = new Properties();
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        try (Admin admin = Admin.create(properties)) {
            try {
                admin.createTopics(List.of(new NewTopic(topic, java.util.Optional.empty(), java.util.Optional.empty())
                                .configs(
                                        Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT))))
                        .all()
                        .get(15, TimeUnit.SECONDS);
                LOG.infof("Created the compacted topic %s", topic);
                return;
            } catch (ExecutionException exists) {
                if (!(exists.getCause() instanceof TopicExistsException)) {
                    throw exists;
                }
            } catch (java.util.concurrent.TimeoutException slow) {
                throw new IllegalStateException("Kafka did not answer", slow);
            }
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            String policy = admin.describeConfigs(List.of(resource))
                    .all()
                    .get()
                    .get(resource)
                    .get(TopicConfig.CLEANUP_POLICY_CONFIG)
                    .value();
            if (!TopicConfig.CLEANUP_POLICY_COMPACT.equals(policy)) {
                admin.incrementalAlterConfigs(Map.of(
                                resource,
                                List.of(new AlterConfigOp(
                                        new ConfigEntry(
                                                TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT),
                                        AlterConfigOp.OpType.SET))))
                        .all()
                        .get();
                LOG.infof("Topic %s had cleanup.policy=%s: now compacted", topic, policy);
            }
        }
    }
}

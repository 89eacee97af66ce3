package io.iotdm.indexing.dynamic;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotdm.events.DynamicGroupMessages;
import io.iotdm.events.DynamicGroupMessages.Decision;
import io.iotdm.events.DynamicGroupMessages.Definition;
import io.iotdm.indexing.Fleet;
import io.iotdm.testing.KafkaTopicReader;
import io.quarkus.arc.Arc;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * What group-service does in the dynamic-group tests: creates the compacted definitions topic, publishes definitions
 * on it, and reads the decisions the indexing-service publishes.
 */
final class Definitions {

    private final Set<String> defined = new HashSet<>();
    private long revisions = 1_000;

    Definitions() {
        createTopic();
    }

    /** A group revision higher than every earlier one of this test. */
    long nextRevision() {
        return ++revisions;
    }

    Definition define(String group, String query, long revision, long creationRevision) {
        Definition definition = new Definition(
                group, "id-" + group, query, "2017-09-30", "AWS_Things", revision, creationRevision, false);
        Fleet.send(definition.event());
        defined.add(group);
        return definition;
    }

    void delete(String group, long revision) {
        Fleet.send(new Definition(group, "id-" + group, "", "2017-09-30", "AWS_Things", revision, 1, true).event());
    }

    /**
     * Deletes every group the percolator holds (this test's and those other tests of the class left) and waits until
     * it holds none of them.
     */
    void deleteAll() {
        Map<String, Long> held;
        try {
            held = Arc.container().instance(PercolatorRepository.class).get().groups();
        } catch (IOException e) {
            throw new AssertionError("listing the percolator's groups failed", e);
        }
        Set<String> groups = new HashSet<>(held.keySet());
        groups.addAll(defined);
        groups.forEach(group -> delete(group, held.getOrDefault(group, nextRevision()) + 1_000_000));
        groups.forEach(group -> awaitStored(group, Optional.empty()));
        // a realtime GET sees a deletion before searches do, which the listing is: wait for the refresh
        Instant deadline = Instant.now().plus(Fleet.DEADLINE);
        while (listed(groups) && Instant.now().isBefore(deadline)) {
            sleep();
        }
        assertThat(listed(groups))
                .as("the percolator's listing still holds deleted groups")
                .isFalse();
        defined.clear();
    }

    private static boolean listed(Set<String> groups) {
        try {
            return Arc.container().instance(PercolatorRepository.class).get().groups().keySet().stream()
                    .anyMatch(groups::contains);
        } catch (IOException e) {
            throw new AssertionError("listing the percolator's groups failed", e);
        }
    }

    /** Waits until the percolator holds the group at the revision (empty: holds no query for it). */
    static PercolatorRepository.StoredGroup awaitStored(String group, Optional<Long> revision) {
        PercolatorRepository percolator =
                Arc.container().instance(PercolatorRepository.class).get();
        Instant deadline = Instant.now().plus(Fleet.DEADLINE);
        Optional<PercolatorRepository.StoredGroup> stored = Optional.empty();
        while (Instant.now().isBefore(deadline)) {
            try {
                stored = percolator.stored(group);
            } catch (IOException e) {
                sleep(); // the index may still be starting
                continue;
            }
            if (stored.map(PercolatorRepository.StoredGroup::revision).equals(revision)) {
                return stored.orElse(null);
            }
            sleep();
        }
        throw new AssertionError("the percolator holds " + stored + " for " + group + ", not " + revision);
    }

    /** The first {@code count} decisions about the thing, in order. */
    static List<Decision> decisions(String thing, int count) {
        return KafkaTopicReader.await(DynamicGroupMessages.MEMBERSHIP_TOPIC, r -> thing.equals(r.key()), count).stream()
                .map(record -> Decision.parse(record.value().getBytes(StandardCharsets.UTF_8)))
                .toList();
    }

    /** The verdicts of some groups only (other tests' groups may be in the percolator too). */
    static Map<String, DynamicGroupMessages.Verdict> verdicts(Decision decision, String... groups) {
        Map<String, DynamicGroupMessages.Verdict> verdicts = new java.util.TreeMap<>();
        for (String group : groups) {
            assertThat(decision.groups()).as("the decision names every group").containsKey(group);
            verdicts.put(group, decision.groups().get(group));
        }
        return verdicts;
    }

    private static void createTopic() {
        Properties properties = new Properties();
        properties.put(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
        try (Admin admin = Admin.create(properties)) {
            admin.createTopics(List.of(new NewTopic(DynamicGroupMessages.DEFINITIONS_TOPIC, 4, (short) 1)
                            .configs(Map.of("cleanup.policy", "compact"))))
                    .all()
                    .get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException(e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static void sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

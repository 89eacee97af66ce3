package io.iotdm.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.iotdm.devstack.StackAddresses;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** The suite's events on Kafka, read from a topic's beginning. */
final class SuiteEvents {

    private static final JsonMapper JSON = new JsonMapper();

    private SuiteEvents() {}

    /** The payloads of the first {@code count} records keyed {@code key} on a topic, in order (fails after 30 s). */
    static List<JsonNode> eventsFor(String topic, String key, int count) {
        return await(topic, payload -> true, key, count);
    }

    /** The first {@code count} payloads keyed {@code key} on a topic that match, in order (fails after 30 s). */
    static List<JsonNode> await(String topic, Predicate<JsonNode> matching, String key, int count) {
        return await(Suite.addresses(), topic, matching, Set.of(key), count).get(key);
    }

    /**
     * The first {@code count} payloads of each of {@code keys} on a topic of {@code stack} that match, in order per key,
     * read by one consumer (fails after 30 s); later ones are not looked at.
     */
    static Map<String, List<JsonNode>> await(
            StackAddresses stack, String topic, Predicate<JsonNode> matching, Set<String> keys, int count) {
        Map<String, List<JsonNode>> found = read(stack, topic, matching, keys, count, Duration.ZERO);
        Map<String, List<JsonNode>> first = new HashMap<>();
        found.forEach((key, events) -> first.put(key, events.subList(0, count)));
        return first;
    }

    /**
     * Like {@link #await(StackAddresses, String, Predicate, Set, int)}, and then reads on for {@code settle}: fails when
     * any key has more than {@code count} matching payloads by then.
     */
    static Map<String, List<JsonNode>> exactly(
            StackAddresses stack,
            String topic,
            Predicate<JsonNode> matching,
            Set<String> keys,
            int count,
            Duration settle) {
        Map<String, List<JsonNode>> found = read(stack, topic, matching, keys, count, settle);
        keys.forEach(key ->
                assertThat(found.get(key)).as("events for %s on %s", key, topic).hasSize(count));
        return found;
    }

    /** Every matching payload per key until each key has {@code count} (or 30 s pass), then for {@code settle} more. */
    private static Map<String, List<JsonNode>> read(
            StackAddresses stack,
            String topic,
            Predicate<JsonNode> matching,
            Set<String> keys,
            int count,
            Duration settle) {
        Map<String, List<JsonNode>> found = new HashMap<>();
        keys.forEach(key -> found.put(key, new ArrayList<>()));
        Instant deadline = Instant.now().plusSeconds(30);
        try (KafkaConsumer<String, String> consumer = consumer(stack, topic)) {
            while (found.values().stream().anyMatch(events -> events.size() < count)
                    && Instant.now().isBefore(deadline)) {
                poll(consumer, matching, found);
            }
            Instant settled = Instant.now().plus(settle);
            while (Instant.now().isBefore(settled)) {
                poll(consumer, matching, found);
            }
        }
        keys.forEach(key ->
                assertThat(found.get(key)).as("events for %s on %s", key, topic).hasSizeGreaterThanOrEqualTo(count));
        return found;
    }

    private static void poll(
            KafkaConsumer<String, String> consumer, Predicate<JsonNode> matching, Map<String, List<JsonNode>> found) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
            List<JsonNode> events = found.get(record.key());
            if (events != null) {
                JsonNode payload = read(record.value());
                if (matching.test(payload)) {
                    events.add(payload);
                }
            }
        }
    }

    /** A consumer of a group of its own, subscribed to {@code topic} from its beginning. */
    private static KafkaConsumer<String, String> consumer(StackAddresses stack, String topic) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.get(StackAddresses.KAFKA_BOOTSTRAP_SERVERS));
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, "e2e-" + UUID.randomUUID());
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(properties);
        consumer.subscribe(List.of(topic));
        return consumer;
    }

    private static JsonNode read(String value) {
        try {
            return JSON.readTree(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

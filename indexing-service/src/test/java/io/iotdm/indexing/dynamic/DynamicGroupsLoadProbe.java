package io.iotdm.indexing.dynamic;

import static io.iotdm.events.RegistryEvents.Change.CREATED;
import static io.iotdm.events.RegistryEvents.Change.UPDATED;

import io.iotdm.events.DynamicGroupMessages;
import io.iotdm.events.DynamicGroupMessages.Decision;
import io.iotdm.indexing.Fleet;
import io.iotdm.indexing.IndexingTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.opensearch.client.opensearch.OpenSearchClient;

/**
 * Not a test: a probe of the decision latency (thing event sent → decision on iotdm.dynamic-membership) with 100
 * dynamic groups at a paced rate of thing updates, printed, never asserted (ARCHITECTURE.md §5). Run with
 * {@code -Diotdm.dynamic.probe=true -Dtest=DynamicGroupsLoadProbe}; {@code iotdm.dynamic.probe.rate} (updates/s, 500)
 * and {@code iotdm.dynamic.probe.things} (3000) tune it.
 */
@QuarkusTest
@IndexingTestResource
@EnabledIfSystemProperty(named = "iotdm.dynamic.probe", matches = "true")
class DynamicGroupsLoadProbe {

    private static final int GROUPS = 100;

    @Inject
    OpenSearchClient client;

    @Inject
    MembershipDecisions decisions;

    private Definitions definitions;

    @AfterEach
    void tearDown() {
        definitions.deleteAll();
    }

    @Test
    void probe() throws Exception {
        int rate = Integer.getInteger("iotdm.dynamic.probe.rate", 500);
        int count = Integer.getInteger("iotdm.dynamic.probe.things", 3000);
        Fleet fleet = new Fleet(client);
        definitions = new Definitions();
        String tag = Fleet.uniqueName("probe");
        for (int i = 0; i < GROUPS; i++) {
            definitions.define(
                    tag + "-g" + i, "attributes.bucket:" + tag + "-b" + i + " AND attributes.kind:probe", 1, 1);
        }
        for (int i = 0; i < GROUPS; i++) {
            Definitions.awaitStored(tag + "-g" + i, Optional.of(1L));
        }
        List<String> things = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String thing = tag + "-t" + i;
            things.add(thing);
            Fleet.send(Fleet.thing(CREATED, thing, 1, 1, Map.of("bucket", "none", "kind", "probe")));
        }
        fleet.awaitDocument(things.getLast(), doc -> doc.get(StoredResult.FIELD) != null);
        Thread.sleep(3000);

        Map<String, Long> sent = new ConcurrentHashMap<>();
        Map<String, Long> latency = new ConcurrentHashMap<>();
        AtomicBoolean reading = new AtomicBoolean(true);
        Thread reader = Thread.ofPlatform().start(() -> read(tag, sent, latency, reading));
        Thread.sleep(2000); // the reader is at the end of the topic
        Properties producerProperties = new Properties();
        producerProperties.put(
                org.apache.kafka.clients.producer.ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
        producerProperties.put(org.apache.kafka.clients.producer.ProducerConfig.ACKS_CONFIG, "all");
        var producer = new org.apache.kafka.clients.producer.KafkaProducer<>(
                producerProperties,
                new org.apache.kafka.common.serialization.StringSerializer(),
                new org.apache.kafka.common.serialization.ByteArraySerializer());
        long start = System.nanoTime();
        long interval = 1_000_000_000L / rate;
        for (int i = 0; i < count; i++) {
            long due = start + i * interval;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
            String thing = things.get(i);
            sent.put(thing, System.nanoTime());
            var event = Fleet.thing(UPDATED, thing, 2, 2, Map.of("bucket", tag + "-b" + (i % GROUPS), "kind", "probe"));
            var record = new org.apache.kafka.clients.producer.ProducerRecord<>(
                    event.kafkaTopic(),
                    event.key(),
                    event.payload().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            event.headers().forEach((name, value) -> record.headers()
                    .add(name, value.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            producer.send(record); // paced, not waited for: the probe measures until the decision
        }
        producer.close();
        double seconds = (System.nanoTime() - start) / 1e9;
        long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (latency.size() < count && System.nanoTime() < until) {
            Thread.sleep(100);
        }
        reading.set(false);
        reader.join();
        List<Long> sorted = latency.values().stream().sorted().toList();
        System.out.printf(
                "PROBE %d updates in %.1f s (%.0f/s), %d groups: %d decisions; latency ms p50 %d p95 %d p99 %d max %d;"
                        + " counters %s%n",
                count,
                seconds,
                count / seconds,
                GROUPS,
                sorted.size(),
                percentile(sorted, 50),
                percentile(sorted, 95),
                percentile(sorted, 99),
                sorted.isEmpty() ? -1 : sorted.getLast(),
                decisions.counters());
    }

    private static long percentile(List<Long> sorted, int p) {
        if (sorted.isEmpty()) {
            return -1;
        }
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }

    private static void read(String tag, Map<String, Long> sent, Map<String, Long> latency, AtomicBoolean reading) {
        Properties properties = new Properties();
        properties.put(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(properties)) {
            List<TopicPartition> partitions = consumer.partitionsFor(DynamicGroupMessages.MEMBERSHIP_TOPIC).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
            while (reading.get()) {
                for (var record : consumer.poll(Duration.ofMillis(100))) {
                    long now = System.nanoTime();
                    Long at = sent.get(record.key());
                    if (at == null || !record.key().startsWith(tag)) {
                        continue;
                    }
                    Decision decision = Decision.parse(record.value());
                    if (decision.groups().values().stream().anyMatch(DynamicGroupMessages.Verdict::matches)) {
                        latency.putIfAbsent(record.key(), (now - at) / 1_000_000);
                    }
                }
            }
        }
    }
}

package io.iotdm.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Watches a registry event topic from its current end and notes, for each thing {@code <prefix><i>}, when its
 * CREATED and UPDATED events first arrived ({@link System#nanoTime}, the clock the HTTP side uses). A consumer
 * without a group: it assigns every partition itself and commits nothing.
 */
final class EventWatch implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final KafkaConsumer<String, byte[]> consumer;
    private final String keyPrefix;
    /** First arrival of each thing's CREATED / UPDATED event; 0 = not seen. Written by the polling thread only. */
    final long[] createdSeen;

    final long[] updatedSeen;

    private final AtomicInteger seen = new AtomicInteger();
    private final AtomicInteger duplicates = new AtomicInteger();
    private final AtomicLong lastArrival = new AtomicLong(System.nanoTime());
    private volatile boolean running = true;
    private Thread thread;

    private EventWatch(KafkaConsumer<String, byte[]> consumer, String keyPrefix, int count) {
        this.consumer = consumer;
        this.keyPrefix = keyPrefix;
        this.createdSeen = new long[count];
        this.updatedSeen = new long[count];
    }

    /**
     * Assigns all partitions of the topic, positioned at their current end, and starts polling. Waits up to
     * {@code topicWait} for the topic to exist. @return null if it does not
     */
    static EventWatch start(
            String bootstrapServers,
            String topic,
            String keyPrefix,
            int count,
            Duration fetchWait,
            Duration topicWait) {
        KafkaConsumer<String, byte[]> consumer = atEnd(bootstrapServers, topic, fetchWait, topicWait);
        if (consumer == null) {
            return null;
        }
        EventWatch watch = new EventWatch(consumer, keyPrefix, count);
        watch.thread = Thread.ofPlatform().name("bench-kafka").daemon().start(watch::poll);
        return watch;
    }

    /**
     * A consumer without a group on every partition of the topic, positioned at their current end. Waits up to
     * {@code topicWait} for the topic to exist. @return null if it does not
     */
    static KafkaConsumer<String, byte[]> atEnd(
            String bootstrapServers, String topic, Duration fetchWait, Duration topicWait) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ConsumerConfig.CLIENT_ID_CONFIG, "iotdm-bench");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        properties.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        // Batch fetches (the broker answers after fetchWait or 64 KiB) rather than one round trip per handful of
        // records: far less CPU on both sides, at the price of up to fetchWait added to each measured lag.
        properties.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 64 * 1024);
        properties.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, Math.toIntExact(fetchWait.toMillis()));
        properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(properties);
        try {
            List<TopicPartition> partitions = List.of();
            long deadline = System.nanoTime() + topicWait.toNanos();
            while (partitions.isEmpty()) {
                partitions = consumer.partitionsFor(topic, Duration.ofSeconds(5)).stream()
                        .map(p -> new TopicPartition(p.topic(), p.partition()))
                        .toList();
                if (partitions.isEmpty()) {
                    if (System.nanoTime() > deadline) {
                        consumer.close();
                        return null;
                    }
                    Thread.sleep(500);
                }
            }
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position); // seekToEnd is lazy: fix the positions before the load starts
            return consumer;
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            consumer.close();
            return null;
        } catch (RuntimeException failure) {
            consumer.close();
            throw failure;
        }
    }

    private void poll() {
        try {
            while (running) {
                ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(200));
                long now = System.nanoTime();
                for (ConsumerRecord<String, byte[]> record : records) {
                    note(record.key(), record.value(), now);
                }
            }
        } catch (WakeupException stopping) {
            // close() woke us
        }
    }

    private void note(String key, byte[] value, long now) {
        if (key == null || !key.startsWith(keyPrefix)) {
            return;
        }
        int i;
        try {
            i = Integer.parseInt(key, keyPrefix.length(), key.length(), 10);
        } catch (NumberFormatException warmupOrOther) {
            return;
        }
        if (i < 0 || i >= createdSeen.length) {
            return;
        }
        String operation;
        try {
            JsonNode payload = JSON.readTree(value);
            operation = payload.path("operation").asText("");
        } catch (java.io.IOException unreadable) {
            return;
        }
        long[] slot =
                switch (operation) {
                    case "CREATED" -> createdSeen;
                    case "UPDATED" -> updatedSeen;
                    default -> null;
                };
        if (slot == null) {
            return;
        }
        if (slot[i] != 0) {
            duplicates.incrementAndGet(); // the relay may publish an event twice; the first copy counts
            return;
        }
        slot[i] = now;
        seen.incrementAndGet();
        lastArrival.set(now);
    }

    /** Waits until {@code expected} events arrived, or none arrived for {@code quiet}. @return how many arrived */
    int await(int expected, Duration quiet) throws InterruptedException {
        while (seen.get() < expected && System.nanoTime() - lastArrival.get() < quiet.toNanos()) {
            Thread.sleep(50);
        }
        return seen.get();
    }

    /** Starts the quiet period from now, so that waiting does not count the load phase's silence. */
    void markProgress() {
        lastArrival.set(System.nanoTime());
    }

    int seen() {
        return seen.get();
    }

    int duplicates() {
        return duplicates.get();
    }

    /** Stops polling; after this the arrival arrays are safe to read. */
    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        if (thread != null) {
            thread.join(10_000);
        }
        consumer.close();
    }
}

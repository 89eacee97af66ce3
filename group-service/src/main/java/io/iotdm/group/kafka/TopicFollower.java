package io.iotdm.group.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

/**
 * Applies every record of one topic at least once, on a thread of its own: a poll's records are handed to the handler
 * together, and their offsets committed once it returns. A record whose application fails is retried, never skipped:
 * the consumer is recreated and resumes from the committed offsets (so a handler must be idempotent). A plain
 * {@link KafkaConsumer} rather than a reactive-messaging channel, like the indexing-service's consumer: "commit after
 * the last record applied" is one line here.
 */
public final class TopicFollower {

    private static final Logger LOG = Logger.getLogger(TopicFollower.class);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration RETRY = Duration.ofSeconds(1);

    private final String topic;
    private final String groupId;
    private final String clientId;
    private final String bootstrapServers;
    private final Consumer<List<ConsumerRecord<String, byte[]>>> handler;
    private final Runnable afterPoll;

    private volatile boolean running;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private Thread thread;

    /**
     * @param handler applies a poll's records (in order, where order matters: per key, at least); throws to have them
     *     retried
     * @param afterPoll runs after each poll's records are committed (housekeeping), on the same thread
     */
    public TopicFollower(
            String bootstrapServers,
            String topic,
            String groupId,
            String clientId,
            Consumer<List<ConsumerRecord<String, byte[]>>> handler,
            Runnable afterPoll) {
        this.bootstrapServers = bootstrapServers;
        this.topic = topic;
        this.groupId = groupId;
        this.clientId = clientId;
        this.handler = handler;
        this.afterPoll = afterPoll;
    }

    public void start() {
        running = true;
        thread = Thread.ofPlatform().name(clientId).start(this::run);
    }

    public void stop() throws InterruptedException {
        running = false;
        KafkaConsumer<String, byte[]> current = consumer;
        if (current != null) {
            current.wakeup(); // ends a poll; the consumer then closes and leaves its group
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
                created.subscribe(List.of(topic));
                LOG.infof("Following %s (group %s)", topic, groupId);
                while (running) {
                    ConsumerRecords<String, byte[]> records = created.poll(POLL);
                    if (!records.isEmpty()) {
                        List<ConsumerRecord<String, byte[]>> polled = new java.util.ArrayList<>(records.count());
                        records.forEach(polled::add);
                        handler.accept(polled);
                        created.commitSync();
                    }
                    afterPoll.run();
                }
            } catch (WakeupException | InterruptException stopping) {
                // stop() asked
            } catch (RuntimeException failure) {
                if (running) {
                    LOG.errorf(failure, "Applying %s failed; resuming from the committed offsets", topic);
                    sleep(RETRY);
                }
            } finally {
                consumer = null;
            }
        }
    }

    private KafkaConsumer<String, byte[]> newConsumer() {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        properties.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
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

package io.iotdm.indexing.dynamic;

import io.iotdm.events.DynamicGroupMessages;
import io.iotdm.events.DynamicGroupMessages.Decision;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Publishes membership decisions on {@value DynamicGroupMessages#MEMBERSHIP_TOPIC} (key = thing name, so one thing's
 * decisions stay in order) and waits until Kafka has every one of them (acks=all, idempotent producer): the caller
 * records them as published, and commits its offsets, only after that. Each record carries the trace of the changes
 * decided ({@link DecisionTrace}).
 */
@Singleton
class DecisionPublisher {

    private final String bootstrapServers;
    private final Duration timeout;
    private final DecisionTrace trace;
    private final MeterRegistry registry;
    private volatile KafkaProducer<String, byte[]> producer;
    private KafkaClientMetrics producerMetrics;

    DecisionPublisher(
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
            DynamicGroupsConfig config,
            DecisionTrace trace,
            MeterRegistry registry) {
        this.bootstrapServers = bootstrapServers;
        this.registry = registry;
        this.timeout = config.publishTimeout();
        this.trace = trace;
    }

    void publish(List<Decision> decisions) throws IOException {
        if (decisions.isEmpty()) {
            return;
        }
        KafkaProducer<String, byte[]> producer = producer();
        List<Future<RecordMetadata>> sent = new ArrayList<>(decisions.size());
        for (Decision decision : decisions) {
            sent.add(producer.send(new ProducerRecord<>(
                    DynamicGroupMessages.MEMBERSHIP_TOPIC,
                    null,
                    decision.thingName(),
                    decision.toBytes(),
                    trace.headers())));
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            for (Future<RecordMetadata> future : sent) {
                future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while publishing decisions", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("publishing " + decisions.size() + " membership decisions failed", e);
        }
    }

    private KafkaProducer<String, byte[]> producer() {
        KafkaProducer<String, byte[]> current = producer;
        if (current == null) {
            synchronized (this) {
                current = producer;
                if (current == null) {
                    Properties properties = new Properties();
                    properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
                    properties.put(
                            ProducerConfig.CLIENT_ID_CONFIG,
                            "iotdm-dynamic-membership-"
                                    + ProcessHandle.current().pid());
                    properties.put(ProducerConfig.ACKS_CONFIG, "all");
                    properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
                    properties.put(ProducerConfig.LINGER_MS_CONFIG, 1);
                    properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
                    properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
                    producer = current = new KafkaProducer<>(properties);
                    // kafka_producer_* (send errors, retries, request latency), as SmallRye binds its own clients'
                    producerMetrics = new KafkaClientMetrics(current);
                    producerMetrics.bindTo(registry);
                }
            }
        }
        return current;
    }

    void close(@Observes ShutdownEvent stopping) {
        KafkaProducer<String, byte[]> current = producer;
        if (current != null) {
            producerMetrics.close();
            current.close(Duration.ofSeconds(5));
        }
    }
}

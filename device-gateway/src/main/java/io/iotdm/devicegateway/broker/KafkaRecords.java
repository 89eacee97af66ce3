package io.iotdm.devicegateway.broker;

import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;

/**
 * The gateway's one Kafka producer (channel {@value #CHANNEL}: idempotent, acknowledged by all in-sync replicas): the
 * presence events and the devices' requests go through it, each record to the topic it names. One producer batches
 * both kinds into the same requests to the brokers; the gateway has no database, so nothing goes through an outbox
 * (docs/architecture.md, "Presence without an outbox", "The device bridge").
 */
@ApplicationScoped
class KafkaRecords {

    static final String CHANNEL = "gateway-records";

    private final Emitter<byte[]> records;

    KafkaRecords(@Channel(CHANNEL) Emitter<byte[]> records) {
        this.records = records;
    }

    /**
     * @return completes once Kafka has acknowledged the record, fails when Kafka refused it or the producer's buffer is
     *     full (Kafka has been away for a while)
     */
    CompletableFuture<Void> send(String topic, String key, RecordHeaders headers, byte[] value) {
        CompletableFuture<Void> acknowledged = new CompletableFuture<>();
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(topic)
                .withKey(key)
                .withHeaders(headers)
                .build();
        try {
            records.send(Message.of(
                    value,
                    Metadata.of(metadata),
                    () -> {
                        acknowledged.complete(null);
                        return CompletableFuture.completedFuture(null);
                    },
                    failure -> {
                        acknowledged.completeExceptionally(failure);
                        return CompletableFuture.completedFuture(null);
                    }));
        } catch (RuntimeException full) {
            acknowledged.completeExceptionally(full);
        }
        return acknowledged;
    }
}

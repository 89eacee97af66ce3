package io.iotdm.registry.messaging;

import io.iotdm.events.DeviceMessages;
import io.iotdm.events.MqttMessages;
import io.iotdm.messaging.UntilApplied;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * The retained messages that devices publish (docs/aws-behaviour.md §9.7): follows {@value MqttMessages#TOPIC} (channel
 * {@value #CHANNEL}, one group for all instances) and stores each retained message of a device (a record with a {@value
 * DeviceMessages#CLIENT_ID_HEADER} header) in the store that GetRetainedMessage and ListRetainedMessages read; a
 * retained message with an empty payload deletes the topic's. iot-data's own Publish stored its message in its
 * transaction, so its records are skipped. A record's time is its {@value DeviceMessages#RECEIVED_AT_HEADER}: a message
 * that an iot-data Publish has superseded since does not overwrite it. The records of one topic share a partition and
 * are applied in order; a batch that fails (the database is away) is applied again until it succeeds.
 */
@Singleton
class DeviceRetainedMessages {

    static final String CHANNEL = "device-retained-messages";

    private static final Logger LOG = Logger.getLogger(DeviceRetainedMessages.class);

    private final Pool pool;
    private final RetainedMessageRepository retained;

    DeviceRetainedMessages(Pool pool, RetainedMessageRepository retained) {
        this.pool = pool;
        this.retained = retained;
    }

    @Incoming(CHANNEL)
    Uni<Void> consume(ConsumerRecords<String, byte[]> records) {
        List<RetainedMessage> messages = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            String receivedAt = header(record, DeviceMessages.RECEIVED_AT_HEADER);
            if (header(record, DeviceMessages.CLIENT_ID_HEADER) == null || receivedAt == null) {
                continue;
            }
            MqttMessages.Message message;
            try {
                message = MqttMessages.Message.of(record.value());
            } catch (IllegalArgumentException unreadable) {
                LOG.errorf(
                        "Skipping the record of %s at offset %d: %s",
                        record.topic(), record.offset(), unreadable.getMessage());
                continue;
            }
            if (message.retain()) {
                messages.add(new RetainedMessage(
                        message.topic(),
                        message.payload(),
                        message.qos(),
                        message.userProperties() == null
                                ? null
                                : message.userProperties().toString(),
                        Instant.ofEpochMilli(Long.parseLong(receivedAt))));
            }
        }
        if (messages.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return UntilApplied.apply("Storing " + messages.size() + " retained messages of devices", () -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (RetainedMessage message : messages) {
                chain = chain.chain(() -> message.payload().length == 0
                        ? retained.delete(pool, message.topic(), message.lastModifiedTime())
                        : retained.put(pool, message));
            }
            return chain;
        });
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}

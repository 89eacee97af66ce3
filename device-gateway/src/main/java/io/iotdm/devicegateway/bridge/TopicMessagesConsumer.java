package io.iotdm.devicegateway.bridge;

import com.hivemq.extension.sdk.api.services.Services;
import io.iotdm.devicegateway.broker.MqttPublishes;
import io.iotdm.events.MqttMessages;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Delivers the messages of devices and of iot-data's Publish ({@value MqttMessages#TOPIC}, channel {@value #CHANNEL})
 * through this instance's broker, to every subscriber here whose policies allow {@code iot:Receive} on the topic (the
 * broker's delivery check, {@code ReceiveAuthorizer}): docs/aws-behaviour.md §9.7. Every instance reads the whole topic
 * with a consumer group of its own, from the end, as the services' answers ({@link OutboundMessagesConsumer}): the
 * subscribers may be on any instance, and a message older than this start has no subscriber here that was subscribed
 * when it was published. The instance a device published through delivers its message from here as well, never from
 * its own routing (the publish is kept from it), so nobody gets a message twice and every subscriber sees a topic's
 * messages in the order of its partition. Messages go out without RETAIN: they reach subscriptions that exist already.
 */
@Singleton
public class TopicMessagesConsumer {

    static final String CHANNEL = "mqtt-messages";

    private static final Logger LOG = Logger.getLogger(TopicMessagesConsumer.class);

    @Incoming(CHANNEL)
    Uni<Void> consume(ConsumerRecords<String, byte[]> records) {
        // one after another: a topic's messages reach the broker's queues in the partition's order
        CompletableFuture<?> deliveries = CompletableFuture.completedFuture(null);
        for (ConsumerRecord<String, byte[]> record : records) {
            MqttMessages.Message message;
            try {
                message = MqttMessages.Message.of(record.value());
            } catch (IllegalArgumentException unreadable) {
                LOG.errorf(
                        "Skipping the record of %s at offset %d: %s",
                        record.topic(), record.offset(), unreadable.getMessage());
                continue;
            }
            deliveries = deliveries.thenCompose(previous -> deliver(message).handle((delivered, failure) -> {
                if (failure != null) {
                    LOG.warnf(
                            "The message of %s at offset %d on %s was not delivered: %s",
                            record.topic(), record.offset(), message.topic(), failure.toString());
                }
                return null;
            }));
        }
        return Uni.createFrom().completionStage(deliveries).replaceWithVoid();
    }

    private static CompletableFuture<Void> deliver(MqttMessages.Message message) {
        try {
            return Services.publishService()
                    .publish(MqttPublishes.of(message).retain(false).build());
        } catch (RuntimeException refused) {
            // a topic or property the broker cannot publish: that record can never go out
            return CompletableFuture.failedFuture(refused);
        }
    }
}

package io.iotdm.devicegateway.bridge;

import com.fasterxml.jackson.databind.JsonNode;
import com.hivemq.extension.sdk.api.packets.general.Qos;
import com.hivemq.extension.sdk.api.packets.publish.PayloadFormatIndicator;
import com.hivemq.extension.sdk.api.services.Services;
import com.hivemq.extension.sdk.api.services.builder.Builders;
import com.hivemq.extension.sdk.api.services.builder.PublishBuilder;
import io.iotdm.events.MqttMessages;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.Map;
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
            return Services.publishService().publish(publish(message).build());
        } catch (RuntimeException refused) {
            // a topic or property the broker cannot publish: that record can never go out
            return CompletableFuture.failedFuture(refused);
        }
    }

    /** The message with the MQTT 5 properties it was published with (MQTT 3.1.1 subscribers get none of them). */
    static PublishBuilder publish(MqttMessages.Message message) {
        PublishBuilder publish = Builders.publish()
                .topic(message.topic())
                // AWS IoT Core has no QoS 2
                .qos(message.qos() == 0 ? Qos.AT_MOST_ONCE : Qos.AT_LEAST_ONCE)
                .retain(false)
                .payload(ByteBuffer.wrap(message.payload()));
        if (message.contentType() != null) {
            publish.contentType(message.contentType());
        }
        if (message.responseTopic() != null) {
            publish.responseTopic(message.responseTopic());
        }
        if (message.correlationData() != null) {
            publish.correlationData(ByteBuffer.wrap(Base64.getDecoder().decode(message.correlationData())));
        }
        if (message.messageExpiry() != null) {
            publish.messageExpiryInterval(message.messageExpiry());
        }
        if ("UTF8_DATA".equals(message.payloadFormatIndicator())) {
            publish.payloadFormatIndicator(PayloadFormatIndicator.UTF_8);
        }
        if (message.userProperties() != null) {
            for (JsonNode property : message.userProperties()) {
                for (Map.Entry<String, JsonNode> pair : property.properties()) {
                    publish.userProperty(pair.getKey(), pair.getValue().asText());
                }
            }
        }
        return publish;
    }
}

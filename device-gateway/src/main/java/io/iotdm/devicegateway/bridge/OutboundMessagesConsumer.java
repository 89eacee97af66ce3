package io.iotdm.devicegateway.bridge;

import com.hivemq.extension.sdk.api.packets.general.Qos;
import com.hivemq.extension.sdk.api.services.Services;
import com.hivemq.extension.sdk.api.services.builder.Builders;
import com.hivemq.extension.sdk.api.services.publish.Publish;
import io.iotdm.devicegateway.broker.LiveSessions;
import io.iotdm.events.DeviceMessages;
import io.iotdm.events.Event;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Delivers what services send to devices ({@value DeviceMessages#OUTBOUND_TOPIC}, channel {@value #CHANNEL}) through
 * this instance's broker (docs/aws-behaviour.md §9.6). Every instance reads the whole topic with a consumer group of its
 * own ({@code device-gateway-outbound-<uuid of this start>}), from the end and without committing offsets, as
 * the provisioning changes: the devices a message is for may be connected to any instance, and a message older than
 * this start concerns sessions this instance does not have. A record with a {@code client-id} header is published to
 * that client alone, if its connection here is the one its {@code session-token} header names (its subscriptions still
 * decide whether it gets it, except for the jobs' answers: {@link AnswersToRequester}), and to nobody when it has no token; any other record is
 * published on its MQTT topic, to every subscriber here whose policies allow {@code iot:Receive} on it (the broker's
 * delivery check, {@code ReceiveAuthorizer}, applies to these publishes as to devices' own).
 */
@Singleton
public class OutboundMessagesConsumer {

    static final String CHANNEL = "device-outbound";

    private static final Logger LOG = Logger.getLogger(OutboundMessagesConsumer.class);

    private final LiveSessions sessions;
    private final OutboundPayloads payloads;

    OutboundMessagesConsumer(LiveSessions sessions, OutboundPayloads payloads) {
        this.sessions = sessions;
        this.payloads = payloads;
    }

    @Incoming(CHANNEL)
    Uni<Void> consume(ConsumerRecords<String, byte[]> records) {
        // one after another, in the order of the partition: a device gets a shadow's accepted, delta and documents in
        // the
        // order the service wrote them (each step hands the message to the broker's queues, in memory)
        CompletableFuture<?> deliveries = CompletableFuture.completedFuture(null);
        for (ConsumerRecord<String, byte[]> record : records) {
            String topic = header(record, Event.MQTT_TOPIC_HEADER);
            if (topic == null) {
                LOG.errorf(
                        "Skipping a record of %s at offset %d without the %s header",
                        record.topic(), record.offset(), Event.MQTT_TOPIC_HEADER);
                continue;
            }
            String clientId = header(record, DeviceMessages.CLIENT_ID_HEADER);
            String token = header(record, DeviceMessages.SESSION_TOKEN_HEADER);
            deliveries = deliveries.thenCompose(previous -> payloads.of(record, topic, clientId, token)
                    .thenCompose(payload -> deliver(topic, clientId, token, payload))
                    .handle((delivered, failure) -> {
                        if (failure != null) {
                            LOG.warnf(
                                    "The message of %s at offset %d on %s was not delivered: %s",
                                    record.topic(), record.offset(), topic, failure.toString());
                        }
                        return null;
                    }));
        }
        return Uni.createFrom().completionStage(deliveries).replaceWithVoid();
    }

    /**
     * @param clientId the one client the message is for, or {@code null} for every subscriber
     * @param token the one connection of {@code clientId} the message is for
     */
    private CompletableFuture<?> deliver(String topic, String clientId, String token, byte[] payload) {
        Publish publish;
        try {
            publish = Builders.publish()
                    .topic(topic)
                    .qos(Qos.AT_LEAST_ONCE)
                    .payload(ByteBuffer.wrap(payload == null ? new byte[0] : payload))
                    .build();
        } catch (RuntimeException refused) {
            // a topic the broker cannot publish to (a wildcard, for one): that record can never go out
            return CompletableFuture.failedFuture(refused);
        }
        if (clientId == null) {
            return Services.publishService().publish(publish);
        }
        if (!sessions.holds(clientId, token)) {
            // an answer may carry a private key: only the connection that asked gets it (docs/aws-behaviour.md §9.6)
            LOG.debugf(
                    "Not delivering %s to client %s: %s",
                    topic,
                    clientId,
                    token == null ? "the record names no connection" : "connection " + token + " is not open here");
            return CompletableFuture.completedFuture(null);
        }
        return AnswersToRequester.publish(publish, clientId);
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}

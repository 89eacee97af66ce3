package io.iotdm.devicegateway.broker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.hivemq.extension.sdk.api.services.Services;
import io.iotdm.devicegateway.DeviceGatewayConfig;
import io.iotdm.events.MqttMessages;
import io.iotdm.grpc.registry.v1.MatchRetainedMessagesRequest;
import io.iotdm.grpc.registry.v1.MutinyRegistryGrpc;
import io.iotdm.grpc.registry.v1.RetainedMessage;
import io.quarkus.grpc.GrpcClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * A new subscription receives the retained messages its filter matches (docs/aws-behaviour.md §9.7) from the registry's
 * store (gRPC {@code MatchRetainedMessages}), the one that iot-data's GetRetainedMessage reads and where the devices'
 * retained messages of every gateway instance end up; the broker's own retained store stays empty, since no message
 * goes through its routing ({@link DevicePublishes}). {@link GrantedSubscriptions} asks for the filters a SUBACK
 * granted, once the broker holds their subscriptions. The messages go out with RETAIN, through the delivery check
 * ({@code iot:Receive}, {@link ReceiveAuthorizer}). MQTT 5's retain handling "do not send" is honoured; "send if new"
 * is treated as "send".
 */
@ApplicationScoped
class RetainedMessages {

    private static final Logger LOG = Logger.getLogger(RetainedMessages.class);
    private static final JsonMapper JSON = new JsonMapper();

    private final MutinyRegistryGrpc.MutinyRegistryStub registry;
    private final long deadlineMillis;

    RetainedMessages(
            @GrpcClient("registry") MutinyRegistryGrpc.MutinyRegistryStub registry, DeviceGatewayConfig config) {
        this.registry = registry;
        this.deadlineMillis = config.provisioningDeadline().toMillis();
    }

    /** The retained messages of each filter, in the filters' order, to the client ({@link GrantedSubscriptions}). */
    void deliver(String clientId, List<String> filters) {
        CompletableFuture<?> deliveries = CompletableFuture.completedFuture(null);
        for (String filter : filters) {
            deliveries = deliveries.thenCompose(previous -> deliver(clientId, filter));
        }
    }

    /** The filter's retained messages, in topic order, to the client; a failure is logged, and nothing is sent. */
    private CompletableFuture<Void> deliver(String clientId, String filter) {
        return registry.withDeadlineAfter(deadlineMillis, TimeUnit.MILLISECONDS)
                .matchRetainedMessages(MatchRetainedMessagesRequest.newBuilder()
                        .setTopicFilter(filter)
                        .build())
                .subscribeAsCompletionStage()
                .thenCompose(found -> {
                    CompletableFuture<?> sent = CompletableFuture.completedFuture(null);
                    for (RetainedMessage message : found.getMessagesList()) {
                        sent = sent.thenCompose(previous -> Services.publishService()
                                .publishToClient(
                                        MqttPublishes.of(message(message)).build(), clientId));
                    }
                    return sent;
                })
                .handle((sent, failure) -> {
                    if (failure != null) {
                        LOG.warnf(
                                "The retained messages of %s were not sent to client %s: %s",
                                filter, clientId, failure.toString());
                    }
                    return null;
                });
    }

    private static MqttMessages.Message message(RetainedMessage message) {
        return new MqttMessages.Message(
                message.getTopic(),
                message.getPayload().toByteArray(),
                message.getQos(),
                true,
                userProperties(message.getUserProperties()),
                null,
                null,
                null,
                null,
                null);
    }

    private static ArrayNode userProperties(String stored) {
        if (stored.isEmpty()) {
            return null;
        }
        try {
            JsonNode parsed = JSON.readTree(stored);
            return parsed instanceof ArrayNode array ? array : null;
        } catch (IOException unreadable) {
            return null;
        }
    }
}

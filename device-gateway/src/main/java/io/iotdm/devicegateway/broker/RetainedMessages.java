package io.iotdm.devicegateway.broker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.hivemq.extension.sdk.api.client.parameter.ConnectionAttributeStore;
import com.hivemq.extension.sdk.api.interceptor.suback.SubackOutboundInterceptor;
import com.hivemq.extension.sdk.api.interceptor.suback.parameter.SubackOutboundInput;
import com.hivemq.extension.sdk.api.interceptor.suback.parameter.SubackOutboundOutput;
import com.hivemq.extension.sdk.api.interceptor.subscribe.SubscribeInboundInterceptor;
import com.hivemq.extension.sdk.api.interceptor.subscribe.parameter.SubscribeInboundInput;
import com.hivemq.extension.sdk.api.interceptor.subscribe.parameter.SubscribeInboundOutput;
import com.hivemq.extension.sdk.api.packets.subscribe.RetainHandling;
import com.hivemq.extension.sdk.api.packets.subscribe.SubackReasonCode;
import com.hivemq.extension.sdk.api.packets.subscribe.Subscription;
import com.hivemq.extension.sdk.api.services.Services;
import io.iotdm.devicegateway.DeviceGatewayConfig;
import io.iotdm.events.MqttMessages;
import io.iotdm.grpc.registry.v1.MatchRetainedMessagesRequest;
import io.iotdm.grpc.registry.v1.MutinyRegistryGrpc;
import io.iotdm.grpc.registry.v1.RetainedMessage;
import io.quarkus.grpc.GrpcClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * A new subscription receives the retained messages its filter matches (docs/aws-behaviour.md §9.7) from the registry's
 * store (gRPC {@code MatchRetainedMessages}), the one that iot-data's GetRetainedMessage reads and where the devices'
 * retained messages of every gateway instance end up; the broker's own retained store stays empty, since no message
 * goes through its routing ({@link DevicePublishes}). A SUBSCRIBE's filters are noted in the connection's attributes
 * when it arrives, and looked up once its SUBACK goes out: only then does the broker hold the subscriptions, so that
 * {@code publishToClient} reaches them, and only the filters the SUBACK granted are asked for. The messages go out
 * with RETAIN, through the delivery check ({@code iot:Receive}, {@link ReceiveAuthorizer}). MQTT 5's retain handling
 * "do not send" is honoured; "send if new" is treated as "send".
 */
@ApplicationScoped
class RetainedMessages implements SubscribeInboundInterceptor, SubackOutboundInterceptor {

    private static final Logger LOG = Logger.getLogger(RetainedMessages.class);
    private static final JsonMapper JSON = new JsonMapper();

    /** Connection attribute prefix: the filters of the SUBSCRIBE with this packet id, or of none to look up. */
    private static final String PENDING = "iotdm.retained-for.";

    /** Between two filters: MQTT strings cannot hold U+0000. */
    private static final String SEPARATOR = "\u0000";

    private final MutinyRegistryGrpc.MutinyRegistryStub registry;
    private final long deadlineMillis;

    RetainedMessages(
            @GrpcClient("registry") MutinyRegistryGrpc.MutinyRegistryStub registry, DeviceGatewayConfig config) {
        this.registry = registry;
        this.deadlineMillis = config.provisioningDeadline().toMillis();
    }

    @Override
    public void onInboundSubscribe(SubscribeInboundInput input, SubscribeInboundOutput output) {
        List<String> filters = new ArrayList<>();
        for (Subscription subscription : input.getSubscribePacket().getSubscriptions()) {
            // an empty entry keeps the filters aligned with the SUBACK's reason codes
            filters.add(
                    subscription.getRetainHandling() == RetainHandling.DO_NOT_SEND
                            ? ""
                            : subscription.getTopicFilter());
        }
        input.getConnectionInformation()
                .getConnectionAttributeStore()
                .putAsString(PENDING + input.getSubscribePacket().getPacketId(), String.join(SEPARATOR, filters));
    }

    @Override
    public void onOutboundSuback(SubackOutboundInput input, SubackOutboundOutput output) {
        ConnectionAttributeStore attributes = input.getConnectionInformation().getConnectionAttributeStore();
        String key = PENDING + input.getSubackPacket().getPacketIdentifier();
        String pending = attributes.getAsString(key).orElse(null);
        if (pending == null) {
            return;
        }
        attributes.remove(key);
        String[] filters = pending.split(SEPARATOR, -1);
        List<SubackReasonCode> granted = input.getSubackPacket().getReasonCodes();
        String clientId = input.getClientInformation().getClientId();
        CompletableFuture<?> deliveries = CompletableFuture.completedFuture(null);
        for (int i = 0; i < filters.length && i < granted.size(); i++) {
            String filter = filters[i];
            if (!filter.isEmpty() && granted(granted.get(i))) {
                deliveries = deliveries.thenCompose(previous -> deliver(clientId, filter));
            }
        }
    }

    private static boolean granted(SubackReasonCode code) {
        return code == SubackReasonCode.GRANTED_QOS_0
                || code == SubackReasonCode.GRANTED_QOS_1
                || code == SubackReasonCode.GRANTED_QOS_2;
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

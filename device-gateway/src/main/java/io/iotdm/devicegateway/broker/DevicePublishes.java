package io.iotdm.devicegateway.broker;

import com.hivemq.extension.sdk.api.async.Async;
import com.hivemq.extension.sdk.api.async.TimeoutFallback;
import com.hivemq.extension.sdk.api.interceptor.publish.PublishInboundInterceptor;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishInboundInput;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishInboundOutput;
import com.hivemq.extension.sdk.api.packets.disconnect.DisconnectReasonCode;
import com.hivemq.extension.sdk.api.packets.general.MqttVersion;
import com.hivemq.extension.sdk.api.packets.general.Qos;
import com.hivemq.extension.sdk.api.packets.publish.AckReasonCode;
import com.hivemq.extension.sdk.api.packets.publish.PublishPacket;
import com.hivemq.extension.sdk.api.services.Services;
import io.iotdm.devicegateway.logging.V2Logs;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Every PUBLISH of a device, before the broker's authorization (HiveMQ runs inbound interceptors first).
 *
 * <ul>
 *   <li>Refused (its policies, or a reserved topic that is no request: {@link DeviceRequests#mayPublish}): an MQTT 5
 *       client's is answered PUBACK (PUBREC for QoS 2) 0x87 Not authorized and the client stays connected
 *       (docs/aws-behaviour.md §9.3), because HiveMQ CE disconnects any client whose publish an authorizer refuses; an
 *       MQTT 3.1.1 client's goes on to {@link DeviceAuthorizer}, which disconnects it as AWS does.
 *   <li>A request ({@link DeviceRequests}) goes on to {@link DeviceAuthorizer}, which forwards it before its PUBACK.
 *   <li>Any other message is forwarded to Kafka ({@link TopicMessages}) and kept from this broker's own routing: every
 *       gateway instance, this one included, delivers it from Kafka (docs/aws-behaviour.md §9.7, docs/architecture.md
 *       "Device-to-device messages"). A QoS 1 message is acknowledged only once Kafka has the record; when Kafka does
 *       not take it, the client is disconnected without PUBACK (0x89 Server busy), as for requests.
 * </ul>
 *
 * An allowed request is decided twice (here and by the authorizer), from the same cached identity.
 */
@ApplicationScoped
class DevicePublishes implements PublishInboundInterceptor {

    private static final Logger LOG = Logger.getLogger(DevicePublishes.class);

    private final ConnectionPolicies policies;
    private final TopicMessages messages;
    private final V2Logs logs;
    private final ConnectionLimits limits;

    DevicePublishes(ConnectionPolicies policies, TopicMessages messages, V2Logs logs, ConnectionLimits limits) {
        this.policies = policies;
        this.messages = messages;
        this.logs = logs;
        this.limits = limits;
    }

    /**
     * An MQTT 5 refusal (PUBACK 0x87) and its {@code Publish-In} Failure entry (§8); a forwarded message has its
     * Success entry once Kafka has it, a request its entry from the authorizer.
     */
    private void refuse(PublishInboundInput input, PublishInboundOutput output) {
        logs.request(
                () -> ClientLogs.of(input),
                V2Logs.PUBLISH_IN,
                input.getPublishPacket().getTopic(),
                false);
        output.preventPublishDelivery(AckReasonCode.NOT_AUTHORIZED);
    }

    @Override
    public void onInboundPublish(PublishInboundInput input, PublishInboundOutput output) {
        PublishPacket publish = input.getPublishPacket();
        if (limits.publishRefusal(publish).isPresent()) {
            // beyond AWS's limits per connection (§9.8): neither forwarded nor refused here; the authorizer, which
            // runs next, ends the connection with the limit's reason code
            return;
        }
        boolean mqtt5 = input.getConnectionInformation().getMqttVersion() == MqttVersion.V_5;
        if (!DeviceRequests.mayPublish(publish.getTopic())) {
            if (mqtt5) {
                refuse(input, output);
            }
            return;
        }
        boolean request = DeviceRequests.isRequest(publish.getTopic());
        if (request && !mqtt5) {
            return;
        }
        Async<PublishInboundOutput> async = output.async(
                ConnectionPolicies.DECISION_TIMEOUT, TimeoutFallback.FAILURE, AckReasonCode.NOT_AUTHORIZED);
        policies.decide(input, policies.resources().topic(publish.getTopic()), DeviceAuthorizer.publishActions(publish))
                .thenCompose(allowed -> {
                    if (!allowed) {
                        if (mqtt5) {
                            refuse(input, output);
                        }
                        return CompletableFuture.completedFuture(null);
                    }
                    return request ? CompletableFuture.completedFuture(null) : forward(input, output);
                })
                .whenComplete((done, failure) -> async.resume());
    }

    /** Forwards the message, and keeps it from the broker's routing once Kafka has it (QoS 1) or at once (QoS 0). */
    private CompletableFuture<?> forward(PublishInboundInput input, PublishInboundOutput output) {
        PublishPacket publish = input.getPublishPacket();
        String clientId = input.getClientInformation().getClientId();
        // bounded below the interceptor's own timeout (whose fallback is PUBACK "Not authorized"), so that a Kafka too
        // slow to take the message ends in the SERVER_BUSY disconnect below, as docs/aws-behaviour.md §9.7 says
        CompletableFuture<Void> forwarded = messages.forward(input)
                .orTimeout(ConnectionPolicies.DECISION_TIMEOUT.toMillis() / 2, TimeUnit.MILLISECONDS);
        if (publish.getQos() == Qos.AT_MOST_ONCE) {
            // nothing to acknowledge: the producer keeps the order in which messages were handed to it
            output.preventPublishDelivery();
            logs.request(() -> ClientLogs.of(input), V2Logs.PUBLISH_IN, publish.getTopic(), true);
            forwarded.whenComplete((sent, failure) -> {
                if (failure != null) {
                    LOG.warnf(
                            "The QoS 0 message of client %s on %s did not reach Kafka: %s",
                            clientId, publish.getTopic(), failure.toString());
                }
            });
            return CompletableFuture.completedFuture(null);
        }
        return forwarded
                .handle((sent, failure) -> {
                    if (failure == null) {
                        // PUBACK Success: Kafka has it, and every instance delivers it from there
                        logs.request(() -> ClientLogs.of(input), V2Logs.PUBLISH_IN, publish.getTopic(), true);
                        output.preventPublishDelivery();
                        return CompletableFuture.completedFuture(null);
                    }
                    LOG.warnf(
                            "The message of client %s on %s did not reach Kafka, so the client is disconnected without an"
                                    + " acknowledgement: %s",
                            clientId, publish.getTopic(), failure.toString());
                    return Services.clientService()
                            .disconnectClient(clientId, false, DisconnectReasonCode.SERVER_BUSY, null)
                            .handle((disconnected, ignored) -> {
                                output.preventPublishDelivery(AckReasonCode.UNSPECIFIED_ERROR);
                                return null;
                            });
                })
                .thenCompose(next -> next);
    }
}

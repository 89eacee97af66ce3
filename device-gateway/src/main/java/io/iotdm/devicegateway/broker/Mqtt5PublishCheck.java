package io.iotdm.devicegateway.broker;

import com.hivemq.extension.sdk.api.async.TimeoutFallback;
import com.hivemq.extension.sdk.api.interceptor.publish.PublishInboundInterceptor;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishInboundInput;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishInboundOutput;
import com.hivemq.extension.sdk.api.packets.general.MqttVersion;
import com.hivemq.extension.sdk.api.packets.publish.AckReasonCode;
import io.iotdm.devicegateway.logging.V2Logs;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * An MQTT 5 client's PUBLISH that its policies refuse, or on a reserved topic that is no request
 * ({@link DeviceRequests#mayPublish}), is answered PUBACK (PUBREC for QoS 2) 0x87 Not authorized, and the
 * client stays connected (docs/aws-behaviour.md §9.3). Done here, before the broker's authorization, because HiveMQ CE
 * disconnects any client whose publish an authorizer refuses. MQTT 3.1.1 clients are left to {@link DeviceAuthorizer},
 * which disconnects them as AWS does. An allowed publish is decided twice (here and by the authorizer), from the same
 * cached identity.
 */
@ApplicationScoped
class Mqtt5PublishCheck implements PublishInboundInterceptor {

    private final ConnectionPolicies policies;
    private final V2Logs logs;

    Mqtt5PublishCheck(ConnectionPolicies policies, V2Logs logs) {
        this.policies = policies;
        this.logs = logs;
    }

    /** The refusal's {@code Publish-In} Failure entry (§8); an allowed publish has its entry from the authorizer. */
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
        if (input.getConnectionInformation().getMqttVersion() != MqttVersion.V_5) {
            return;
        }
        if (!DeviceRequests.mayPublish(input.getPublishPacket().getTopic())) {
            refuse(input, output);
            return;
        }
        policies.authorize(
                input,
                policies.resources().topic(input.getPublishPacket().getTopic()),
                () -> output.async(
                        ConnectionPolicies.DECISION_TIMEOUT, TimeoutFallback.FAILURE, AckReasonCode.NOT_AUTHORIZED),
                allowed -> {
                    if (!allowed) {
                        refuse(input, output);
                    }
                },
                DeviceAuthorizer.publishActions(input.getPublishPacket()));
    }
}

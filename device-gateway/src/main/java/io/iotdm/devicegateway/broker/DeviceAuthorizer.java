package io.iotdm.devicegateway.broker;

import com.hivemq.extension.sdk.api.async.TimeoutFallback;
import com.hivemq.extension.sdk.api.auth.PublishAuthorizer;
import com.hivemq.extension.sdk.api.auth.SubscriptionAuthorizer;
import com.hivemq.extension.sdk.api.auth.parameter.PublishAuthorizerInput;
import com.hivemq.extension.sdk.api.auth.parameter.PublishAuthorizerOutput;
import com.hivemq.extension.sdk.api.auth.parameter.SubscriptionAuthorizerInput;
import com.hivemq.extension.sdk.api.auth.parameter.SubscriptionAuthorizerOutput;
import com.hivemq.extension.sdk.api.packets.disconnect.DisconnectReasonCode;
import com.hivemq.extension.sdk.api.packets.publish.PublishPacket;
import com.hivemq.extension.sdk.api.packets.subscribe.SubackReasonCode;
import io.iotdm.iotpolicy.IotResources;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * PUBLISH and SUBSCRIBE (docs/aws-behaviour.md §9.3). A publish needs {@code iot:Publish} on {@code topic/<topic>},
 * and a retained one {@code iot:RetainPublish} as well; refused, an MQTT 3.1.1 client is disconnected (its PUBACK has no
 * reason code). An MQTT 5 client's refused publish is answered PUBACK 0x87 Not authorized by {@link Mqtt5PublishCheck}
 * before it gets here, because HiveMQ CE disconnects every client whose publish an authorizer refuses; what reaches this
 * authorizer refused (a Will, for one) disconnects. A subscription needs {@code iot:Subscribe} on
 * {@code topicfilter/<filter>}; refused, its SUBACK entry is 0x80 Failure (MQTT 3.1.1) or 0x87 Not authorized (MQTT
 * 5), and the client stays connected.
 */
@ApplicationScoped
class DeviceAuthorizer implements PublishAuthorizer, SubscriptionAuthorizer {

    private final ConnectionPolicies policies;

    DeviceAuthorizer(ConnectionPolicies policies) {
        this.policies = policies;
    }

    @Override
    public void authorizePublish(PublishAuthorizerInput input, PublishAuthorizerOutput output) {
        PublishPacket publish = input.getPublishPacket();
        policies.authorize(
                input,
                policies.resources().topic(publish.getTopic()),
                () -> output.async(ConnectionPolicies.DECISION_TIMEOUT, TimeoutFallback.FAILURE),
                allowed -> {
                    if (allowed) {
                        output.authorizeSuccessfully();
                    } else {
                        output.disconnectClient(DisconnectReasonCode.NOT_AUTHORIZED);
                    }
                },
                publishActions(publish));
    }

    /** {@code iot:Publish}, and {@code iot:RetainPublish} for a retained message. */
    static String[] publishActions(PublishPacket publish) {
        return publish.getRetain()
                ? new String[] {IotResources.PUBLISH, IotResources.RETAIN_PUBLISH}
                : new String[] {IotResources.PUBLISH};
    }

    @Override
    public void authorizeSubscribe(SubscriptionAuthorizerInput input, SubscriptionAuthorizerOutput output) {
        policies.authorize(
                input,
                policies.resources().topicFilter(input.getSubscription().getTopicFilter()),
                () -> output.async(ConnectionPolicies.DECISION_TIMEOUT, TimeoutFallback.FAILURE),
                allowed -> {
                    if (allowed) {
                        output.authorizeSuccessfully();
                    } else {
                        // HiveMQ answers MQTT 3.1.1 clients 0x80 for any failure code
                        output.failAuthorization(SubackReasonCode.NOT_AUTHORIZED);
                    }
                },
                IotResources.SUBSCRIBE);
    }
}

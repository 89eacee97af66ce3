package io.iotdm.devicegateway.broker;

import com.hivemq.extension.sdk.api.async.TimeoutFallback;
import com.hivemq.extension.sdk.api.interceptor.publish.PublishOutboundInterceptor;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishOutboundInput;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishOutboundOutput;
import io.iotdm.devicegateway.logging.V2Logs;
import io.iotdm.iotpolicy.IotResources;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Delivery (docs/aws-behaviour.md §9.3): a message goes to a subscriber only if its policies allow {@code iot:Receive}
 * on {@code topic/<topic>}; otherwise it is silently not delivered, and the subscription stays. A request
 * ({@link DeviceRequests#isRequest}) is delivered to nobody (§9.6): it was forwarded to its service before its PUBACK,
 * and may carry what only the service may read (a provisioning request's certificateOwnershipToken). It is stopped
 * here, on its way out, so that the forwarding and its PUBACK stay as the authorizer orders them. Each decision is a
 * {@code Publish-Out} v2 log entry (§8).
 */
@ApplicationScoped
class ReceiveAuthorizer implements PublishOutboundInterceptor {

    private final ConnectionPolicies policies;
    private final V2Logs logs;

    ReceiveAuthorizer(ConnectionPolicies policies, V2Logs logs) {
        this.policies = policies;
        this.logs = logs;
    }

    @Override
    public void onOutboundPublish(PublishOutboundInput input, PublishOutboundOutput output) {
        if (DeviceRequests.isRequest(input.getPublishPacket().getTopic())) {
            output.preventPublishDelivery();
            return;
        }
        policies.authorize(
                input,
                policies.resources().topic(input.getPublishPacket().getTopic()),
                () -> output.async(ConnectionPolicies.DECISION_TIMEOUT, TimeoutFallback.FAILURE),
                allowed -> {
                    logs.request(
                            () -> ClientLogs.of(input),
                            V2Logs.PUBLISH_OUT,
                            input.getPublishPacket().getTopic(),
                            allowed);
                    if (!allowed) {
                        output.preventPublishDelivery();
                    }
                },
                IotResources.RECEIVE);
    }
}

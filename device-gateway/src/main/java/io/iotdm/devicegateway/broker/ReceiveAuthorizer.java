package io.iotdm.devicegateway.broker;

import com.hivemq.extension.sdk.api.async.TimeoutFallback;
import com.hivemq.extension.sdk.api.interceptor.publish.PublishOutboundInterceptor;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishOutboundInput;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishOutboundOutput;
import io.iotdm.iotpolicy.IotResources;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Delivery (docs/aws-behaviour.md §9.3): a message goes to a subscriber only if its policies allow {@code iot:Receive}
 * on {@code topic/<topic>}; otherwise it is silently not delivered, and the subscription stays. A request
 * ({@link DeviceRequests#isRequest}) is delivered to nobody (§9.6): it was forwarded to its service before its PUBACK,
 * and may carry what only the service may read (a provisioning request's certificateOwnershipToken). It is stopped
 * here, on its way out, so that the forwarding and its PUBACK stay as the authorizer orders them.
 */
@ApplicationScoped
class ReceiveAuthorizer implements PublishOutboundInterceptor {

    private final ConnectionPolicies policies;

    ReceiveAuthorizer(ConnectionPolicies policies) {
        this.policies = policies;
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
                    if (!allowed) {
                        output.preventPublishDelivery();
                    }
                },
                IotResources.RECEIVE);
    }
}

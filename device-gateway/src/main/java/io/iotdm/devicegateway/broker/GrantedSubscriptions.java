package io.iotdm.devicegateway.broker;

import com.hivemq.extension.sdk.api.client.parameter.ConnectionAttributeStore;
import com.hivemq.extension.sdk.api.interceptor.suback.SubackOutboundInterceptor;
import com.hivemq.extension.sdk.api.interceptor.suback.parameter.SubackOutboundInput;
import com.hivemq.extension.sdk.api.interceptor.suback.parameter.SubackOutboundOutput;
import com.hivemq.extension.sdk.api.interceptor.subscribe.SubscribeInboundInterceptor;
import com.hivemq.extension.sdk.api.interceptor.subscribe.parameter.SubscribeInboundInput;
import com.hivemq.extension.sdk.api.interceptor.subscribe.parameter.SubscribeInboundOutput;
import com.hivemq.extension.sdk.api.interceptor.unsubscribe.UnsubscribeInboundInterceptor;
import com.hivemq.extension.sdk.api.interceptor.unsubscribe.parameter.UnsubscribeInboundInput;
import com.hivemq.extension.sdk.api.interceptor.unsubscribe.parameter.UnsubscribeInboundOutput;
import com.hivemq.extension.sdk.api.packets.subscribe.RetainHandling;
import com.hivemq.extension.sdk.api.packets.subscribe.SubackReasonCode;
import com.hivemq.extension.sdk.api.packets.subscribe.Subscription;
import com.hivemq.extension.sdk.api.parameter.ClientBasedInput;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/**
 * What a client's SUBSCRIBE and UNSUBSCRIBE bring besides the broker's own subscriptions: the filters a SUBACK granted
 * receive their retained messages ({@link RetainedMessages}, docs/aws-behaviour.md §9.7) and have AWS's {@code
 * subscribed} event, an UNSUBSCRIBE's filters the {@code unsubscribed} one ({@link LifecycleEvents}, §3). A
 * SUBSCRIBE's filters are noted in the connection's attributes when it arrives and taken up when its SUBACK goes out:
 * only then does the broker hold the subscriptions, so that {@code publishToClient} reaches them, and only then is it
 * known which the SUBACK granted.
 */
@ApplicationScoped
class GrantedSubscriptions
        implements SubscribeInboundInterceptor, SubackOutboundInterceptor, UnsubscribeInboundInterceptor {

    /** Connection attribute prefix: the filters of the SUBSCRIBE with this packet id. */
    private static final String PENDING = "iotdm.subscribe.";

    /** Between two filters: MQTT strings cannot hold U+0000. */
    private static final String SEPARATOR = "\u0000";

    /** Before each noted filter: whether its subscription wants the retained messages (MQTT 5 retain handling). */
    private static final char WITH_RETAINED = '+';

    private static final char WITHOUT_RETAINED = '-';

    private final RetainedMessages retained;
    private final LifecycleEvents events;

    GrantedSubscriptions(RetainedMessages retained, LifecycleEvents events) {
        this.retained = retained;
        this.events = events;
    }

    @Override
    public void onInboundSubscribe(SubscribeInboundInput input, SubscribeInboundOutput output) {
        List<String> noted = new ArrayList<>();
        for (Subscription subscription : input.getSubscribePacket().getSubscriptions()) {
            // "send if new" is treated as "send"
            char retainedMessages =
                    subscription.getRetainHandling() == RetainHandling.DO_NOT_SEND ? WITHOUT_RETAINED : WITH_RETAINED;
            noted.add(retainedMessages + subscription.getTopicFilter());
        }
        input.getConnectionInformation()
                .getConnectionAttributeStore()
                .putAsString(PENDING + input.getSubscribePacket().getPacketId(), String.join(SEPARATOR, noted));
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
        String[] noted = pending.split(SEPARATOR, -1);
        List<SubackReasonCode> codes = input.getSubackPacket().getReasonCodes();
        List<String> granted = new ArrayList<>();
        List<String> withRetained = new ArrayList<>();
        for (int i = 0; i < noted.length && i < codes.size(); i++) {
            if (granted(codes.get(i))) {
                String filter = noted[i].substring(1);
                granted.add(filter);
                if (noted[i].charAt(0) == WITH_RETAINED) {
                    withRetained.add(filter);
                }
            }
        }
        if (!granted.isEmpty()) {
            subscriptionEvent(input, "subscribed", granted);
        }
        retained.deliver(input.getClientInformation().getClientId(), withRetained);
    }

    @Override
    public void onInboundUnsubscribe(UnsubscribeInboundInput input, UnsubscribeInboundOutput output) {
        subscriptionEvent(input, "unsubscribed", input.getUnsubscribePacket().getTopicFilters());
    }

    private void subscriptionEvent(ClientBasedInput input, String eventType, List<String> filters) {
        ConnectionAttributeStore attributes = input.getConnectionInformation().getConnectionAttributeStore();
        events.subscriptions(
                input.getClientInformation().getClientId(),
                attributes.getAsString(LiveSessions.TOKEN).orElse(""),
                attributes.getAsString(LiveSessions.CERTIFICATE_ID).orElse(""),
                eventType,
                filters);
    }

    private static boolean granted(SubackReasonCode code) {
        return code == SubackReasonCode.GRANTED_QOS_0
                || code == SubackReasonCode.GRANTED_QOS_1
                || code == SubackReasonCode.GRANTED_QOS_2;
    }
}

package io.iotdm.devicegateway.broker;

import com.hivemq.extension.sdk.api.async.Async;
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
import com.hivemq.extension.sdk.api.services.Services;
import io.iotdm.devicegateway.logging.V2Logs;
import io.iotdm.iotpolicy.IotResources;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.jboss.logging.Logger;

/**
 * PUBLISH and SUBSCRIBE (docs/aws-behaviour.md §9.3). A publish on a reserved topic other than a request is refused
 * whatever the policies say ({@link DeviceRequests#mayPublish}); any other publish needs {@code iot:Publish} on {@code topic/<topic>},
 * and a retained one {@code iot:RetainPublish} as well; refused, an MQTT 3.1.1 client is disconnected (its PUBACK has no
 * reason code). An MQTT 5 client's refused publish is answered PUBACK 0x87 Not authorized by {@link DevicePublishes}
 * before it gets here, because HiveMQ CE disconnects every client whose publish an authorizer refuses; what reaches this
 * authorizer refused (a Will, for one) disconnects. A subscription needs {@code iot:Subscribe} on
 * {@code topicfilter/<filter>}; refused, its SUBACK entry is 0x80 Failure (MQTT 3.1.1) or 0x87 Not authorized (MQTT
 * 5), and the client stays connected. An allowed publish on a request topic a service answers is written to Kafka
 * ({@link DeviceRequests}) before it is authorized, so that the broker acknowledges it (PUBACK) only once Kafka has;
 * when Kafka does not take it, the client is disconnected without PUBACK and sends it again when it reconnects
 * (docs/aws-behaviour.md §9.6). Before any of this, AWS's limits per connection ({@link ConnectionLimits}, §9.8): a
 * publish past them ends the connection, a subscription past them fails.
 */
@ApplicationScoped
class DeviceAuthorizer implements PublishAuthorizer, SubscriptionAuthorizer {

    private static final Logger LOG = Logger.getLogger(DeviceAuthorizer.class);

    private final ConnectionPolicies policies;
    private final DeviceRequests requests;
    private final ConnectionLimits limits;
    private final V2Logs logs;

    DeviceAuthorizer(ConnectionPolicies policies, DeviceRequests requests, ConnectionLimits limits, V2Logs logs) {
        this.policies = policies;
        this.requests = requests;
        this.limits = limits;
        this.logs = logs;
    }

    @Override
    public void authorizePublish(PublishAuthorizerInput input, PublishAuthorizerOutput output) {
        PublishPacket publish = input.getPublishPacket();
        Optional<DisconnectReasonCode> beyondLimits = limits.publishRefusal(publish);
        if (beyondLimits.isPresent()) {
            output.disconnectClient(beyondLimits.get());
            return;
        }
        if (!DeviceRequests.mayPublish(publish.getTopic())) {
            logs.request(() -> ClientLogs.of(input), V2Logs.PUBLISH_IN, publish.getTopic(), false);
            output.disconnectClient(DisconnectReasonCode.NOT_AUTHORIZED);
            return;
        }
        Optional<String> request = DeviceRequests.key(
                publish.getTopic(), input.getClientInformation().getClientId());
        if (request.isPresent()) {
            authorizeRequest(input, output, request.get());
            return;
        }
        policies.authorize(
                input,
                policies.resources().topic(publish.getTopic()),
                () -> output.async(ConnectionPolicies.DECISION_TIMEOUT, TimeoutFallback.FAILURE),
                allowed -> {
                    logs.request(() -> ClientLogs.of(input), V2Logs.PUBLISH_IN, publish.getTopic(), allowed);
                    if (allowed) {
                        output.authorizeSuccessfully();
                    } else {
                        output.disconnectClient(DisconnectReasonCode.NOT_AUTHORIZED);
                    }
                },
                publishActions(publish));
    }

    /** A request: decided, then (allowed) forwarded, and only then let through to its PUBACK. */
    private void authorizeRequest(PublishAuthorizerInput input, PublishAuthorizerOutput output, String key) {
        PublishPacket publish = input.getPublishPacket();
        Async<PublishAuthorizerOutput> async =
                output.async(ConnectionPolicies.DECISION_TIMEOUT, TimeoutFallback.FAILURE);
        policies.decide(input, policies.resources().topic(publish.getTopic()), publishActions(publish))
                .thenCompose(allowed -> allowed
                        ? requests.forward(input, key).thenApply(forwarded -> true)
                        : CompletableFuture.completedFuture(false))
                .whenComplete((allowed, failure) -> {
                    try {
                        if (failure != null) {
                            LOG.warnf(
                                    "The request of client %s on %s did not reach Kafka, so the client is disconnected"
                                            + " without an acknowledgement: %s",
                                    input.getClientInformation().getClientId(), publish.getTopic(), failure.toString());
                            output.disconnectClient(DisconnectReasonCode.SERVER_BUSY);
                        } else if (allowed) {
                            logs.request(() -> ClientLogs.of(input), V2Logs.PUBLISH_IN, publish.getTopic(), true);
                            output.authorizeSuccessfully();
                        } else {
                            logs.request(() -> ClientLogs.of(input), V2Logs.PUBLISH_IN, publish.getTopic(), false);
                            output.disconnectClient(DisconnectReasonCode.NOT_AUTHORIZED);
                        }
                    } finally {
                        async.resume();
                    }
                });
    }

    /** {@code iot:Publish}, and {@code iot:RetainPublish} for a retained message. */
    static String[] publishActions(PublishPacket publish) {
        return publish.getRetain()
                ? new String[] {IotResources.PUBLISH, IotResources.RETAIN_PUBLISH}
                : new String[] {IotResources.PUBLISH};
    }

    @Override
    public void authorizeSubscribe(SubscriptionAuthorizerInput input, SubscriptionAuthorizerOutput output) {
        String filter = input.getSubscription().getTopicFilter();
        if (limits.tooDeep(filter)) {
            output.failAuthorization(SubackReasonCode.TOPIC_FILTER_INVALID);
            return;
        }
        String clientId = input.getClientInformation().getClientId();
        Async<SubscriptionAuthorizerOutput> async =
                output.async(ConnectionPolicies.DECISION_TIMEOUT, TimeoutFallback.FAILURE);
        // the subscriptions the connection holds: the filters of one SUBSCRIBE count from the next (the store has them
        // once the SUBACK is sent), so one packet may pass the limit by its own filters
        Services.subscriptionStore()
                .getSubscriptions(clientId)
                .thenCompose(held -> held.size() >= limits.maxSubscriptions()
                                && held.stream()
                                        .noneMatch(subscription ->
                                                subscription.getTopicFilter().equals(filter))
                        ? CompletableFuture.completedFuture(SubackReasonCode.QUOTA_EXCEEDED)
                        : policies.decide(input, policies.resources().topicFilter(filter), IotResources.SUBSCRIBE)
                                .thenApply(allowed -> allowed ? null : SubackReasonCode.NOT_AUTHORIZED))
                .whenComplete((refusal, failure) -> {
                    try {
                        if (failure != null) {
                            LOG.warnf("The subscription of client %s to %s failed: %s", clientId, filter, failure);
                            output.failAuthorization(SubackReasonCode.UNSPECIFIED_ERROR);
                        } else if (refusal == null) {
                            logs.request(() -> ClientLogs.of(input), V2Logs.SUBSCRIBE, filter, true);
                            output.authorizeSuccessfully();
                        } else {
                            logs.request(() -> ClientLogs.of(input), V2Logs.SUBSCRIBE, filter, false);
                            // HiveMQ answers MQTT 3.1.1 clients 0x80 for any failure code
                            output.failAuthorization(refusal);
                        }
                    } finally {
                        async.resume();
                    }
                });
    }
}

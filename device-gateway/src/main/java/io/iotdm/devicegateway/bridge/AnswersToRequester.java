package io.iotdm.devicegateway.bridge;

import com.hivemq.extension.sdk.api.packets.general.Qos;
import com.hivemq.extension.sdk.api.services.Services;
import com.hivemq.extension.sdk.api.services.builder.Builders;
import com.hivemq.extension.sdk.api.services.publish.Publish;
import com.hivemq.extension.sdk.api.services.publish.PublishToClientResult;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

/**
 * A message for one connection, published to that client. The jobs' answers reach the requester even when it has not
 * subscribed to them (docs/aws-behaviour.md §5.3, §9.6); HiveMQ delivers to a client only through one of its
 * subscriptions, so such an answer that found none is delivered through a subscription to its very topic, added for it
 * and removed once the broker has queued it. Every other message still needs the client's subscription.
 */
final class AnswersToRequester {

    /** The {@code /accepted} and {@code /rejected} answers of the jobs' MQTT requests (§5.3). */
    private static final Pattern JOBS_ANSWER =
            Pattern.compile("\\$aws/things/[^/]+/jobs/(?:get|start-next|[^/]+/get|[^/]+/update)/(?:accepted|rejected)");

    private AnswersToRequester() {}

    static CompletableFuture<?> publish(Publish publish, String clientId) {
        return Services.publishService().publishToClient(publish, clientId).thenCompose(result -> {
            if (result != PublishToClientResult.NOT_SUBSCRIBED
                    || !JOBS_ANSWER.matcher(publish.getTopic()).matches()) {
                return CompletableFuture.completedFuture(null);
            }
            return Services.subscriptionStore()
                    .addSubscription(
                            clientId,
                            Builders.topicSubscription()
                                    .topicFilter(publish.getTopic())
                                    .qos(Qos.AT_LEAST_ONCE)
                                    .build())
                    .thenCompose(added -> Services.publishService().publishToClient(publish, clientId))
                    .whenComplete((sent, failure) ->
                            Services.subscriptionStore().removeSubscription(clientId, publish.getTopic()));
        });
    }
}

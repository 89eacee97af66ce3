package io.iotdm.simulator;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.Mqtt5Subscribe;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.Mqtt5SubscribeBuilder;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAckReasonCode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Publish and subscribe at QoS 1 that fail when the gateway refuses: the HiveMQ client completes a publish whose
 * PUBACK carries an error reason (0x87 not authorized, docs/aws-behaviour.md §9.3) normally, with the error inside the
 * result, and a SUBSCRIBE whose SUBACK refuses a filter normally too.
 */
public final class MqttCalls {

    private MqttCalls() {}

    public static CompletableFuture<Void> publish(Mqtt5AsyncClient client, String topic, String payload) {
        return client.publishWith()
                .topic(topic)
                .qos(MqttQos.AT_LEAST_ONCE)
                .payload(payload.getBytes(StandardCharsets.UTF_8))
                .send()
                .thenAccept(result -> result.getError().ifPresent(error -> {
                    throw new IllegalStateException("publish on " + topic + " refused: " + error.getMessage(), error);
                }));
    }

    public static CompletableFuture<Void> subscribe(Mqtt5AsyncClient client, List<String> topicFilters) {
        Mqtt5SubscribeBuilder.Start start = Mqtt5Subscribe.builder();
        Mqtt5SubscribeBuilder.Complete complete = null;
        for (String filter : topicFilters) {
            complete = (complete == null ? start : complete)
                    .addSubscription()
                    .topicFilter(filter)
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .applySubscription();
        }
        return client.subscribe(complete.build()).thenAccept(ack -> {
            List<Mqtt5SubAckReasonCode> codes = ack.getReasonCodes();
            for (int i = 0; i < codes.size(); i++) {
                if (codes.get(i).isError()) {
                    throw new IllegalStateException(
                            "subscription to " + topicFilters.get(i) + " refused: " + codes.get(i));
                }
            }
        });
    }
}

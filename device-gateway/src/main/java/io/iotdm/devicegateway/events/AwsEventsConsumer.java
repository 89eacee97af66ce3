package io.iotdm.devicegateway.events;

import com.hivemq.extension.sdk.api.packets.general.Qos;
import com.hivemq.extension.sdk.api.services.Services;
import com.hivemq.extension.sdk.api.services.builder.Builders;
import com.hivemq.extension.sdk.api.services.publish.Publish;
import io.iotdm.devicegateway.account.AccountSettings;
import io.iotdm.devicegateway.logging.ThingGroupsOfThings;
import io.iotdm.events.Event;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Republishes AWS's event messages (docs/aws-behaviour.md §3) from the {@code aws.events.*} topics (channel {@value
 * #CHANNEL}) into this instance's broker, on each record's {@code mqtt-topic}, when the account's event configuration
 * enables its type ({@link AccountSettings#events()}; lifecycle and JITR events always). The broker's delivery check
 * ({@code ReceiveAuthorizer}) lets only subscribers allowed {@code iot:Receive} on the topic have it. Every instance
 * reads every partition with a consumer group of its own, from the end and without committing offsets: an event message
 * is a live message, delivered at most once to the subscribers connected when it passes, and a gateway that starts late
 * or restarts does not deliver the events it missed (AWS does not store them either). One batch at a time, each
 * message handed to the broker's queues after the one before, so that the backlog held in memory is one poll's records.
 * Membership and hierarchy events also drop the thing groups that the log levels use ({@link ThingGroupsOfThings}).
 */
@Singleton
class AwsEventsConsumer {

    static final String CHANNEL = "aws-events";

    private static final Logger LOG = Logger.getLogger(AwsEventsConsumer.class);

    private final AccountSettings settings;
    private final ThingGroupsOfThings thingGroups;

    AwsEventsConsumer(AccountSettings settings, ThingGroupsOfThings thingGroups) {
        this.settings = settings;
        this.thingGroups = thingGroups;
    }

    @Incoming(CHANNEL)
    Uni<Void> consume(ConsumerRecords<String, byte[]> records) {
        CompletableFuture<?> deliveries = CompletableFuture.completedFuture(null);
        for (ConsumerRecord<String, byte[]> record : records) {
            Header header = record.headers().lastHeader(Event.MQTT_TOPIC_HEADER);
            String topic = header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
            String family = topic == null ? null : EventFamilies.family(topic);
            if (family == null) {
                LOG.debugf(
                        "Not republishing the record of %s at offset %d: %s is no event message",
                        record.topic(), record.offset(), topic);
                continue;
            }
            forgetThingGroups(family, topic);
            if (!EventFamilies.eventType(family)
                    .map(settings.events()::isEnabled)
                    .orElse(true)) {
                continue;
            }
            deliveries = deliveries.thenCompose(
                    previous -> publish(topic, record.value()).handle((published, failure) -> {
                        if (failure != null) {
                            LOG.warnf(
                                    "The event of %s at offset %d on %s was not republished: %s",
                                    record.topic(), record.offset(), topic, failure.toString());
                        }
                        return null;
                    }));
        }
        return Uni.createFrom().completionStage(deliveries).replaceWithVoid();
    }

    /**
     * {@code $aws/events/thingGroupMembership/thingGroup/{g}/thing/{t}/...} changes thing t's groups; a hierarchy
     * change or a group's deletion may change any thing's.
     */
    private void forgetThingGroups(String family, String topic) {
        switch (family) {
            case "thingGroupMembership" -> {
                String[] levels = topic.split("/");
                if (levels.length > 6) {
                    thingGroups.forget(levels[6]);
                }
            }
            case "thingGroupHierarchy" -> thingGroups.forgetAll();
            case "thingGroup" -> {
                if (topic.endsWith("/deleted")) {
                    thingGroups.forgetAll();
                }
            }
            default -> {}
        }
    }

    private static CompletableFuture<Void> publish(String topic, byte[] payload) {
        Publish publish;
        try {
            publish = Builders.publish()
                    .topic(topic)
                    .qos(Qos.AT_LEAST_ONCE)
                    .payload(ByteBuffer.wrap(payload == null ? new byte[0] : payload))
                    .build();
        } catch (RuntimeException refused) {
            // a topic the broker cannot publish to (a wildcard in a name, for one): that record can never go out
            return CompletableFuture.failedFuture(refused);
        }
        return Services.publishService().publish(publish);
    }
}

package io.iotdm.devicegateway.broker;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The consumers whose records the broker delivers to devices: the services' answers ({@code device-outbound}) and the
 * devices' messages ({@code mqtt-messages}). Each reads from the end with a consumer group of this start's own, so a
 * record written before its partitions are assigned and positioned would be skipped: an answer to a request a device
 * made right after the listener opened could be lost (review of issue 16). So the MQTT listener opens only once both
 * consumers have their partitions and their positions ({@link MqttBroker} waits for {@link #positioned}); from then
 * on, every record written is read. The position is asked for in the assignment itself, because Kafka resolves
 * {@code auto.offset.reset=latest} lazily, at the first fetch.
 */
@ApplicationScoped
@Identifier(DeliveryConsumers.NAME)
public class DeliveryConsumers implements KafkaConsumerRebalanceListener {

    /** The name the channels' {@code consumer-rebalance-listener.name} gives. */
    public static final String NAME = "device-gateway-delivery-consumers";

    /** How long a start waits for Kafka to assign the partitions before it fails. */
    static final Duration ASSIGNMENT_TIMEOUT = Duration.ofSeconds(60);

    private static final Logger LOG = Logger.getLogger(DeliveryConsumers.class);

    private final Set<String> unassignedGroups = ConcurrentHashMap.newKeySet();
    private final CompletableFuture<Void> positioned = new CompletableFuture<>();

    DeliveryConsumers(
            @ConfigProperty(name = "mp.messaging.incoming.device-outbound.group.id") String outboundGroup,
            @ConfigProperty(name = "mp.messaging.incoming.mqtt-messages.group.id") String messagesGroup) {
        unassignedGroups.add(outboundGroup);
        unassignedGroups.add(messagesGroup);
    }

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        partitions.forEach(consumer::position);
        String group = consumer.groupMetadata().groupId();
        LOG.debugf("Group %s reads %d partitions from their end", group, partitions.size());
        if (unassignedGroups.remove(group) && unassignedGroups.isEmpty()) {
            positioned.complete(null);
        }
    }

    /** Returns once both consumers are positioned; fails after {@link #ASSIGNMENT_TIMEOUT}. */
    void awaitPositioned() throws InterruptedException {
        try {
            positioned.get(ASSIGNMENT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka did not assign the partitions of consumer groups " + unassignedGroups
                    + " within " + ASSIGNMENT_TIMEOUT + ", so the MQTT listener stays closed");
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }
}

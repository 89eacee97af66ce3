package io.iotdm.registry.shadow;

import io.iotdm.events.DeviceMessages;
import io.iotdm.events.Event;
import io.iotdm.messaging.UntilApplied;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * The Device Shadow over MQTT (docs/aws-behaviour.md §4.1): follows the devices' requests on {@value
 * DeviceMessages#INBOUND_TOPIC} (channel {@value #CHANNEL}), answers the shadow requests among them through {@link
 * DeviceShadowRequests#answer} (the same shadows as iot-data's HTTP operations) and skips the others (jobs, provisioning)
 * by their topic without reading them. A batch's requests are applied in order and in one transaction (each shadow
 * locked, read and written once); a batch that fails (the database is away) is applied again
 * until it succeeds ({@link UntilApplied}), and what was applied before is not applied twice (each request's message
 * id is claimed with it). A request the shadow service rejects (malformed JSON, a version conflict, no such shadow)
 * is answered on its {@code /rejected} topic and never holds up the requests behind it.
 */
@Singleton
public class ShadowRequestConsumer {

    static final String CHANNEL = "shadow-requests";

    private static final Logger LOG = Logger.getLogger(ShadowRequestConsumer.class);

    private final DeviceShadowRequests shadows;

    ShadowRequestConsumer(DeviceShadowRequests shadows) {
        this.shadows = shadows;
    }

    @Incoming(CHANNEL)
    Uni<Void> consume(ConsumerRecords<String, byte[]> records) {
        List<ShadowRequest> requests = new ArrayList<>(records.count());
        for (ConsumerRecord<String, byte[]> record : records) {
            request(record).ifPresent(requests::add);
        }
        if (requests.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return UntilApplied.apply("Answering " + requests.size() + " shadow requests", () -> shadows.answer(requests));
    }

    /** Message ids are kept for a while ({@link AppliedDeviceMessages#RETENTION}), then forgotten. */
    @Scheduled(every = "1h", delayed = "5m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> forgetOldRequests() {
        return shadows.forgetOldRequests()
                .onFailure()
                .invoke(failure -> LOG.warnf("Forgetting old shadow requests failed: %s", failure.toString()))
                .onFailure()
                .recoverWithNull()
                .replaceWithVoid();
    }

    private static Optional<ShadowRequest> request(ConsumerRecord<String, byte[]> record) {
        String topic = header(record, Event.MQTT_TOPIC_HEADER);
        if (topic == null) {
            LOG.errorf(
                    "Skipping a record of %s at offset %d without the %s header",
                    record.topic(), record.offset(), Event.MQTT_TOPIC_HEADER);
            return Optional.empty();
        }
        Optional<ShadowRequest> request =
                ShadowRequest.of(topic, record.value(), header(record, DeviceMessages.MESSAGE_ID_HEADER));
        if (request.isPresent() && request.get().messageId() == null) {
            // without it a redelivery could apply the request twice; the gateway always sends one
            LOG.errorf(
                    "Skipping a request of %s at offset %d without the %s header",
                    record.topic(), record.offset(), DeviceMessages.MESSAGE_ID_HEADER);
            return Optional.empty();
        }
        return request;
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}

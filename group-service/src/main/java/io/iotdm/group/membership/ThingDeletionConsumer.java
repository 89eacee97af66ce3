package io.iotdm.group.membership;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.iotdm.events.Event;
import io.iotdm.messaging.UntilApplied;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Follows the registry's thing events (aws.events.thing, channel {@value #CHANNEL}) and removes a deleted thing from
 * all its groups, at least once: a batch's deletions are applied one by one, until they succeed
 * ({@link UntilApplied}), and its offsets committed after. Applying a deletion twice removes nothing the second time
 * ({@link MembershipService#thingDeleted}), so a redelivery is harmless. A record that cannot be read is logged and
 * skipped.
 */
@Singleton
public class ThingDeletionConsumer {

    static final String CHANNEL = "thing-deletions";

    private static final Logger LOG = Logger.getLogger(ThingDeletionConsumer.class);
    private static final JsonMapper JSON = new JsonMapper();

    private final MembershipService memberships;

    ThingDeletionConsumer(MembershipService memberships) {
        this.memberships = memberships;
    }

    @Incoming(CHANNEL)
    Uni<Void> consume(ConsumerRecords<String, byte[]> records) {
        return UntilApplied.apply("Applying " + records.count() + " thing events", () -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (ConsumerRecord<String, byte[]> record : records) {
                chain = chain.chain(() -> apply(record));
            }
            return chain;
        });
    }

    /** Deleted things are remembered for a while (an addition racing with a deletion must still see it). */
    @Scheduled(every = "1h", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> prune() {
        return memberships
                .pruneDeletedThings()
                .onFailure()
                .invoke(failure -> LOG.warnf("Pruning deleted things failed: %s", failure.toString()))
                .onFailure()
                .recoverWithNull()
                .replaceWithVoid();
    }

    private Uni<Void> apply(ConsumerRecord<String, byte[]> record) {
        JsonNode payload;
        try {
            payload = JSON.readTree(record.value());
        } catch (IOException | RuntimeException unreadable) {
            LOG.errorf(
                    "Skipping an unreadable record of %s at offset %d: %s",
                    record.topic(), record.offset(), unreadable);
            return Uni.createFrom().voidItem();
        }
        if (payload == null || !"DELETED".equals(payload.path("operation").asText())) {
            return Uni.createFrom().voidItem();
        }
        String thingName = payload.path("thingName").asText(null);
        String thingId = payload.path("thingId").asText(null);
        if (thingName == null || thingId == null) {
            LOG.errorf("Skipping a thing deletion without thingName or thingId at offset %d", record.offset());
            return Uni.createFrom().voidItem();
        }
        return memberships
                .thingDeleted(thingName, thingId, revision(record))
                .invoke(removed -> {
                    if (removed > 0) {
                        LOG.debugf("Thing %s was deleted: removed it from %d groups", thingName, removed);
                    }
                })
                .replaceWithVoid();
    }

    private static long revision(ConsumerRecord<String, byte[]> record) {
        Header header = record.headers().lastHeader(Event.RESOURCE_VERSION_HEADER);
        if (header == null) {
            return 0;
        }
        try {
            return Long.parseLong(new String(header.value(), StandardCharsets.UTF_8));
        } catch (NumberFormatException unreadable) {
            return 0;
        }
    }
}

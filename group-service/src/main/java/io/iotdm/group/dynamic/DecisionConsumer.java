package io.iotdm.group.dynamic;

import io.iotdm.events.DynamicGroupMessages.Decision;
import io.iotdm.messaging.UntilApplied;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Applies the indexing-service's membership decisions (iotdm.dynamic-membership, channel {@value #CHANNEL}) at least
 * once: a batch's decisions about different things are applied concurrently (one indexing batch publishes many at
 * once, and one after another each waited for all before it), those about one thing in order, and the offsets are
 * committed after the last. A decision applied twice changes nothing the second time, and one older than the last
 * applied for its thing is ignored ({@link DynamicMemberships#apply}). A failed batch is applied again until it
 * succeeds ({@link UntilApplied}), never skipped, except a record that cannot be read.
 */
@Singleton
public class DecisionConsumer {

    static final String CHANNEL = "dynamic-membership";

    private static final Logger LOG = Logger.getLogger(DecisionConsumer.class);
    /** Things whose decisions are applied at once: a fraction of the connection pool, which requests share. */
    private static final int CONCURRENCY = 8;

    private final DynamicMemberships memberships;

    DecisionConsumer(DynamicMemberships memberships) {
        this.memberships = memberships;
    }

    @Incoming(CHANNEL)
    Uni<Void> consume(ConsumerRecords<String, byte[]> records) {
        Map<String, List<Decision>> byThing = new LinkedHashMap<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            Decision decision = readable(record);
            if (decision != null) {
                byThing.computeIfAbsent(decision.thingName(), thing -> new ArrayList<>())
                        .add(decision);
            }
        }
        return UntilApplied.apply("Applying " + records.count() + " membership decisions", () -> Multi.createFrom()
                .iterable(byThing.values())
                .onItem()
                .transformToUni(this::applyInOrder)
                .merge(CONCURRENCY)
                .collect()
                .last()
                .replaceWithVoid());
    }

    private Uni<Void> applyInOrder(List<Decision> decisions) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Decision decision : decisions) {
            chain = chain.chain(() -> memberships.apply(decision))
                    .invoke(applied -> {
                        if (!applied) {
                            LOG.debugf("Ignored a stale decision about thing %s", decision.thingName());
                        }
                    })
                    .replaceWithVoid();
        }
        return chain;
    }

    /** @return null for a record that cannot be read (logged and skipped) */
    private static Decision readable(ConsumerRecord<String, byte[]> record) {
        Decision decision;
        try {
            decision = Decision.parse(record.value());
        } catch (RuntimeException unreadable) {
            LOG.errorf(
                    "Skipping an unreadable record of %s at offset %d: %s",
                    record.topic(), record.offset(), unreadable);
            return null;
        }
        if (decision.thingName().isEmpty() || decision.thingId().isEmpty()) {
            LOG.errorf("Skipping a decision without thingName or thingId at offset %d", record.offset());
            return null;
        }
        return decision;
    }
}

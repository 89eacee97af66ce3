package io.iotdm.jobs.membership;

import io.iotdm.events.Event;
import io.iotdm.events.GroupEvents;
import io.iotdm.messaging.UntilApplied;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Follows {@value GroupEvents#THING_GROUP_MEMBERSHIP_TOPIC} (channel {@value #CHANNEL}, platform/messaging's shape)
 * for the continuous jobs (docs/aws-behaviour.md §5.19). The records are keyed by thing; a batch applies each thing
 * once, at the highest revision it carries ({@link ContinuousJobTargets} reads the thing's groups as they are, so the
 * latest event of a thing stands for all of its earlier ones). A record without a thing or a revision is logged and
 * skipped.
 */
@Singleton
public class ContinuousJobMembers {

    static final String CHANNEL = "thing-group-memberships";

    private static final Logger LOG = Logger.getLogger(ContinuousJobMembers.class);

    private final ContinuousJobTargets targets;

    ContinuousJobMembers(ContinuousJobTargets targets) {
        this.targets = targets;
    }

    @Incoming(CHANNEL)
    Uni<Void> consume(ConsumerRecords<String, byte[]> records) {
        Map<String, Long> latest = new LinkedHashMap<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            long revision = revision(record);
            if (record.key() == null || revision <= 0) {
                LOG.errorf(
                        "Skipping a membership event without a thing or a revision at offset %d of %s-%d",
                        record.offset(), record.topic(), record.partition());
                continue;
            }
            latest.merge(record.key(), revision, Math::max);
        }
        if (latest.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return UntilApplied.apply("Applying the membership changes of " + latest.size() + " things", () -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (Map.Entry<String, Long> thing : latest.entrySet()) {
                chain = chain.chain(() -> targets.membershipChanged(thing.getKey(), thing.getValue()));
            }
            return chain;
        });
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

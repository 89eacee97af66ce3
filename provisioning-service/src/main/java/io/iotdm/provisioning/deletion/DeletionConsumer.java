package io.iotdm.provisioning.deletion;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.iotdm.messaging.UntilApplied;
import io.iotdm.provisioning.ProvisioningConfig;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.time.Duration;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Follows the registry's thing events ({@value #THINGS}, topic aws.events.thing) and the group-service's thing-group
 * events ({@value #THING_GROUPS}, aws.events.thingGroup) and applies their deletions ({@link DeletedResources}), at
 * least once: a batch is applied until it succeeds ({@link UntilApplied}) and its offsets are committed after. A
 * redelivered deletion removes nothing; a record that cannot be read is logged and skipped.
 */
@Singleton
public class DeletionConsumer {

    static final String THINGS = "thing-deletions";
    static final String THING_GROUPS = "thing-group-deletions";

    private static final Logger LOG = Logger.getLogger(DeletionConsumer.class);
    private static final JsonMapper JSON = new JsonMapper();

    /** Applies one deletion, named and identified as its event says. */
    private interface Deletion {
        Uni<Integer> apply(String name, String id);
    }

    private final DeletedResources deletedResources;
    private final Duration retention;

    DeletionConsumer(DeletedResources deletedResources, ProvisioningConfig config) {
        this.deletedResources = deletedResources;
        this.retention = config.deletedResourceRetention();
    }

    @Incoming(THINGS)
    Uni<Void> things(ConsumerRecords<String, byte[]> records) {
        return applyAll(records, "thingName", "thingId", deletedResources::thingDeleted);
    }

    @Incoming(THING_GROUPS)
    Uni<Void> thingGroups(ConsumerRecords<String, byte[]> records) {
        return applyAll(records, "thingGroupName", "thingGroupId", deletedResources::thingGroupDeleted);
    }

    /** Deletions are remembered for a while: an attachment racing with one must still see it. */
    @Scheduled(every = "1h", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> prune() {
        return deletedResources
                .prune(retention)
                .onFailure()
                .invoke(failure -> LOG.warnf("Forgetting old deletions failed: %s", failure.toString()))
                .onFailure()
                .recoverWithNull()
                .replaceWithVoid();
    }

    private static Uni<Void> applyAll(
            ConsumerRecords<String, byte[]> records, String nameField, String idField, Deletion deletion) {
        return UntilApplied.apply("Applying " + records.count() + " deletion events", () -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (ConsumerRecord<String, byte[]> record : records) {
                chain = chain.chain(() -> apply(record, nameField, idField, deletion));
            }
            return chain;
        });
    }

    private static Uni<Void> apply(
            ConsumerRecord<String, byte[]> record, String nameField, String idField, Deletion deletion) {
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
        String name = payload.path(nameField).asText(null);
        String id = payload.path(idField).asText(null);
        if (name == null || id == null) {
            LOG.errorf(
                    "Skipping a deletion of %s without %s or %s at offset %d",
                    record.topic(), nameField, idField, record.offset());
            return Uni.createFrom().voidItem();
        }
        return deletion.apply(name, id)
                .invoke(removed -> {
                    if (removed > 0) {
                        LOG.debugf("%s was deleted (%s): removed %d attachments", name, record.topic(), removed);
                    }
                })
                .replaceWithVoid();
    }
}

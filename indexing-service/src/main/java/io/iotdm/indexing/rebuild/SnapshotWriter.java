package io.iotdm.indexing.rebuild;

import io.iotdm.indexing.index.ThingIndex;
import io.iotdm.indexing.opensearch.BulkErrors;
import io.iotdm.indexing.thing.FieldBudget;
import io.iotdm.indexing.thing.NewThingDocument;
import io.iotdm.indexing.thing.PartUpdate;
import io.iotdm.indexing.thing.PartUpdateScript;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jboss.logging.Logger;
import org.opensearch.client.json.JsonpMapper;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch._types.ErrorCause;
import org.opensearch.client.opensearch.core.BulkResponse;
import org.opensearch.client.opensearch.core.bulk.BulkOperation;
import org.opensearch.client.opensearch.core.bulk.BulkResponseItem;

/**
 * Writes things into the index being built ({@value ThingIndex#BUILD_ALIAS}). A thing whose document does not exist
 * yet is created whole in one plain {@code create}; one the consumer has already written (an event that arrived
 * during the build) gets each part through the versioned part script, so that whichever is newer stays. Things go
 * through the {@link FieldBudget} as the consumer's writes do: past the mapping's budget their new fields are left out,
 * not the whole thing.
 */
@Singleton
class SnapshotWriter {

    private static final Logger LOG = Logger.getLogger(SnapshotWriter.class);

    /** The consumer may write the same document at the same moment. */
    private static final int RETRY_ON_CONFLICT = 5;

    private final OpenSearchClient client;
    private final JsonpMapper mapper;
    private final FieldBudget budget;

    SnapshotWriter(OpenSearchClient client, FieldBudget budget) {
        this.client = client;
        this.mapper = client._transport().jsonpMapper();
        this.budget = budget;
    }

    /**
     * @param index  the physical index behind {@value ThingIndex#BUILD_ALIAS}
     * @param snapshot each thing's part updates
     * @throws IOException when something is to be tried again (the build resumes from its last checkpoint)
     */
    void write(String index, List<List<PartUpdate>> snapshot) throws IOException {
        List<List<PartUpdate>> things = new ArrayList<>(snapshot.size());
        for (List<PartUpdate> parts : snapshot) {
            List<PartUpdate> fitted = new ArrayList<>(parts.size());
            for (PartUpdate part : parts) {
                fitted.add(budget.fit(index, part));
            }
            things.add(fitted);
        }
        List<BulkOperation> creates = new ArrayList<>(things.size());
        for (List<PartUpdate> parts : things) {
            Map<String, Object> document = NewThingDocument.of(parts);
            String id = parts.get(0).id();
            creates.add(BulkOperation.of(
                    operation -> operation.create(create -> create.id(id).document(document))));
        }
        List<PartUpdate> existing = new ArrayList<>();
        long sentAt = System.nanoTime();
        List<BulkResponseItem> items = bulk(ThingIndex.BUILD_ALIAS, creates).items();
        for (int i = 0; i < items.size(); i++) {
            BulkResponseItem item = items.get(i);
            if (item.error() == null) {
                continue;
            }
            if (item.status() == 409) {
                existing.addAll(things.get(i));
            } else if (refusedForRoom(index, item, things.get(i), sentAt)) {
                // another writer took the mapping's last room: again, without the fields it has no room for
                throw new IOException("the mapping of " + index + " had no room for " + item.id());
            } else {
                check(item, things.get(i).get(0).id());
            }
        }
        if (!existing.isEmpty()) {
            writeParts(existing);
        }
    }

    /**
     * Writes single part updates with the part script into the index being built (the parts carried over from the
     * previous index, the group-service's memberships).
     */
    void writeParts(List<PartUpdate> parts) throws IOException {
        writeParts(ThingIndex.BUILD_ALIAS, parts);
    }

    /** Writes single part updates with the part script into the index behind {@code alias}. */
    void writeParts(String alias, List<PartUpdate> parts) throws IOException {
        List<BulkOperation> updates = new ArrayList<>(parts.size());
        for (PartUpdate update : parts) {
            updates.add(PartUpdateScript.bulkItem(alias, update, RETRY_ON_CONFLICT, mapper));
        }
        List<BulkResponseItem> items = bulk(alias, updates).items();
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i).error() != null) {
                check(items.get(i), parts.get(i).id());
            }
        }
    }

    private boolean refusedForRoom(String index, BulkResponseItem item, List<PartUpdate> parts, long sentAt)
            throws IOException {
        for (PartUpdate part : parts) {
            if (budget.refusedForRoom(index, part, item.error(), sentAt)) {
                return true;
            }
        }
        return false;
    }

    private BulkResponse bulk(String alias, List<BulkOperation> operations) throws IOException {
        return client.bulk(bulk -> bulk.index(alias).requireAlias(true).operations(operations));
    }

    /** The parts of a stream's records, in batches of {@code size}, each read from the stream as it is taken. */
    static <T> Iterator<List<PartUpdate>> batches(Iterator<T> records, Function<T, PartUpdate> part, int size) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return records.hasNext();
            }

            @Override
            public List<PartUpdate> next() {
                List<PartUpdate> batch = new ArrayList<>(size);
                while (batch.size() < size && records.hasNext()) {
                    batch.add(part.apply(records.next()));
                }
                return batch;
            }
        };
    }

    /** A document refused for good is logged and left out, as the consumer does; anything else fails the batch. */
    private static void check(BulkResponseItem item, String id) throws IOException {
        ErrorCause error = item.error();
        if (BulkErrors.isPermanent(item.status(), error)) {
            LOG.errorf(
                    "OpenSearch refused %s during a rebuild, leaving it out: %s %s", id, error.type(), error.reason());
            return;
        }
        throw new IOException(
                "writing " + id + " answered " + item.status() + " " + error.type() + ": " + error.reason());
    }
}

package io.iotdm.indexing.rebuild;

import io.iotdm.grpc.group.v1.GroupRecord;
import io.iotdm.indexing.index.GroupIndex;
import io.iotdm.indexing.index.GroupIndexSetup;
import io.iotdm.indexing.thing.PartUpdate;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.util.Iterator;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Keeps the thing-group index in existence and, when it was created empty (the first start, or OpenSearch lost it),
 * fills it from the group-service's groups, written as their THING_GROUP events would be: events that the consumer
 * writes meanwhile and the stream converge by the groups' revisions, and a deleted group's newer event leaves its
 * tombstone.
 */
@Singleton
class GroupIndexFill {

    private static final Logger LOG = Logger.getLogger(GroupIndexFill.class);

    private final GroupIndexSetup setup;
    private final GroupServiceSnapshot groupService;
    private final SnapshotWriter writer;
    private final RebuildConfig config;

    GroupIndexFill(
            GroupIndexSetup setup, GroupServiceSnapshot groupService, SnapshotWriter writer, RebuildConfig config) {
        this.setup = setup;
        this.groupService = groupService;
        this.writer = writer;
        this.config = config;
    }

    /**
     * Creates the index if it is missing and fills it unless it was filled since its creation. Asked on every look
     * (one GET of the mapping): another instance may have created the index and died while filling it.
     */
    void ensure() throws IOException {
        if (setup.filled()) {
            return;
        }
        setup.create();
        long groups = fill();
        setup.markFilled();
        LOG.infof("Filled %s with %d thing groups from the group-service", GroupIndex.PHYSICAL, groups);
    }

    private long fill() throws IOException {
        try (CallStream<GroupRecord> groups = groupService.groups()) {
            Iterator<List<PartUpdate>> batches =
                    SnapshotWriter.batches(groups, SnapshotDocuments::of, config.batchSize());
            long written = 0;
            while (batches.hasNext()) {
                List<PartUpdate> batch = batches.next();
                writer.writeParts(GroupIndex.ALIAS, batch);
                written += batch.size();
            }
            return written;
        }
    }
}

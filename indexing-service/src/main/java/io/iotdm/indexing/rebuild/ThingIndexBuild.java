package io.iotdm.indexing.rebuild;

import io.iotdm.grpc.group.v1.MembershipRecord;
import io.iotdm.grpc.registry.v1.ThingRecord;
import io.iotdm.indexing.config.IndexingConfigurationConfig;
import io.iotdm.indexing.config.IndexingConfigurationStore;
import io.iotdm.indexing.config.ThingIndexState;
import io.iotdm.indexing.config.ThingIndexStateStore;
import io.iotdm.indexing.thing.PartUpdate;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jboss.logging.Logger;

/**
 * Fills the index being built from the systems of record: every thing and shadow the registry streams, then the
 * parts the registry does not have (connectivity, group memberships) from the index it replaces. Nothing that happens
 * meanwhile is lost: the consumer writes every event into the new index too, from at most one state TTL after the
 * build was recorded, and the build only starts reading the registry after that, so a change is either in what the
 * registry streams or in an event written to both indices (and the versions decide between the two).
 *
 * <p>Progress is checkpointed after every batch ({@code done}, {@code resumeAfter}) with a conditional write that
 * also renews the coordinator's lease: a build taken over after a crash continues after the last checkpoint, and a
 * build whose state changed under it (its lease lost, its configuration replaced) stops.
 */
@Singleton
class ThingIndexBuild {

    private static final Logger LOG = Logger.getLogger(ThingIndexBuild.class);

    /** The build's state moved on without it: stop. */
    static final class Superseded extends Exception {
        Superseded() {
            super("the thing index state changed under the build", null, false, false);
        }
    }

    private final RegistrySnapshot registry;
    private final GroupServiceSnapshot groupService;
    private final SnapshotWriter writer;
    private final CarriedPartsCopy carried;
    private final ThingIndexStateStore states;
    private final RebuildConfig config;
    private final IndexingConfigurationConfig stateCache;
    private final IndexingConfigurationStore configurations;

    ThingIndexBuild(
            RegistrySnapshot registry,
            GroupServiceSnapshot groupService,
            SnapshotWriter writer,
            CarriedPartsCopy carried,
            ThingIndexStateStore states,
            RebuildConfig config,
            IndexingConfigurationConfig stateCache,
            IndexingConfigurationStore configurations) {
        this.registry = registry;
        this.groupService = groupService;
        this.writer = writer;
        this.carried = carried;
        this.states = states;
        this.config = config;
        this.stateCache = stateCache;
        this.configurations = configurations;
    }

    /**
     * Runs the build that {@code versioned} records, from its checkpoint to the end.
     *
     * @return the state after the last checkpoint
     */
    ThingIndexStateStore.Versioned run(ThingIndexStateStore.Versioned versioned, Lease lease)
            throws IOException, InterruptedException, Superseded {
        ThingIndexState.Build build = versioned.state().building();
        // consumers read the state through a cache: from this moment on every one of them writes to the new index (the
        // first generation needs no wait: until an index exists, consumers hold their events back rather than drop
        // them)
        long consumersWriting = build.startedAt() + stateCache.cacheTtl().toMillis();
        long wait = consumersWriting - System.currentTimeMillis();
        if (wait > 0 && build.target().number() > 1) {
            Thread.sleep(wait);
        }
        long total = registry.count();
        long done = build.done();
        LOG.infof(
                "Building %s from the registry: %d things (%d done before)",
                build.target().index(), total, done);
        // one bulk in flight while the next batch is read and converted: the stream and OpenSearch work at once
        ExecutorService bulks = Executors.newSingleThreadExecutor(
                Thread.ofPlatform().name("rebuild-bulk").factory());
        try (CallStream<ThingRecord> things =
                registry.things(build.resumeAfter(), build.target().settings())) {
            List<List<PartUpdate>> batch = new ArrayList<>(config.batchSize());
            InFlight inFlight = null;
            try {
                while (things.hasNext()) {
                    ThingRecord thing = things.next();
                    batch.add(SnapshotDocuments.of(thing, build.target().settings()));
                    if (batch.size() == config.batchSize() || !things.hasNext()) {
                        if (inFlight != null) {
                            inFlight.await();
                            done += inFlight.size();
                            versioned = checkpoint(versioned, lease, total, done, inFlight.last());
                        }
                        List<List<PartUpdate>> written = batch;
                        inFlight = new InFlight(
                                bulks.submit(() -> {
                                    writer.write(build.target().index(), written);
                                    return null;
                                }),
                                written.size(),
                                thing.getThingName());
                        batch = new ArrayList<>(config.batchSize());
                    }
                }
            } catch (RuntimeException streamFailed) {
                // the registry's stream broke: keep the batch already on its way, so the next attempt resumes after it
                if (inFlight != null) {
                    try {
                        inFlight.await();
                        done += inFlight.size();
                        checkpoint(versioned, lease, total, done, inFlight.last());
                    } catch (Exception alsoFailed) {
                        streamFailed.addSuppressed(alsoFailed);
                    }
                }
                throw streamFailed;
            }
            if (inFlight != null) {
                inFlight.await();
                done += inFlight.size();
                versioned = checkpoint(versioned, lease, total, done, inFlight.last());
            }
        } finally {
            bulks.shutdownNow();
        }
        versioned = writeMemberships(versioned, lease, total, done);
        ThingIndexState.Generation previous = versioned.state().live();
        if (previous != null) {
            long copied = carried.copy(previous.index(), build.target().settings(), config.batchSize());
            LOG.infof("Copied %d connectivity parts and membership removals from %s", copied, previous.index());
        }
        return versioned;
    }

    /**
     * The group-service's memberships, each as its ADDED event would write it (a first generation has no index to
     * carry them from; later ones take them from their system of record too). The lease is renewed per batch.
     */
    private ThingIndexStateStore.Versioned writeMemberships(
            ThingIndexStateStore.Versioned versioned, Lease lease, long total, long done)
            throws IOException, Superseded {
        try (CallStream<MembershipRecord> memberships = groupService.memberships()) {
            Iterator<List<PartUpdate>> batches =
                    SnapshotWriter.batches(memberships, SnapshotDocuments::of, config.batchSize());
            long written = 0;
            while (batches.hasNext()) {
                List<PartUpdate> batch = batches.next();
                writer.writeParts(batch);
                written += batch.size();
                versioned = checkpoint(
                        versioned,
                        lease,
                        total,
                        done,
                        versioned.state().building().resumeAfter());
            }
            LOG.infof("Wrote %d group memberships from the group-service", written);
            return versioned;
        }
    }

    /** A batch being written; {@code last} is where the build resumes once it is. */
    private record InFlight(Future<Void> write, int size, String last) {

        void await() throws IOException, InterruptedException {
            try {
                write.get();
            } catch (ExecutionException e) {
                if (e.getCause() instanceof IOException io) {
                    throw io;
                }
                if (e.getCause() instanceof RuntimeException runtime) {
                    throw runtime;
                }
                throw new IOException(e.getCause());
            }
        }
    }

    private ThingIndexStateStore.Versioned checkpoint(
            ThingIndexStateStore.Versioned versioned, Lease lease, long total, long done, String last)
            throws Superseded {
        ThingIndexState state = versioned.state();
        if (!configurations.fresh().sameStorage(state.building().target().settings())) {
            throw new Superseded(); // the configuration changed: the coordinator abandons this build
        }
        ThingIndexState next = state.withBuilding(state.building().progressed(Math.max(total, done), done, last))
                .withLease(lease.renewed());
        Optional<ThingIndexStateStore.Versioned> stored = states.replace(versioned, next);
        if (stored.isEmpty()) {
            throw new Superseded();
        }
        return stored.get();
    }
}

package io.iotdm.indexing.rebuild;

import io.iotdm.indexing.config.IndexingConfigurationService;
import io.iotdm.indexing.config.IndexingConfigurationStore;
import io.iotdm.indexing.config.IndexingSettings;
import io.iotdm.indexing.config.ThingIndexState;
import io.iotdm.indexing.config.ThingIndexStateStore;
import io.iotdm.indexing.index.ThingIndexSetup;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Keeps the thing index's generations in line with the indexing configuration (and creates the thing-group index,
 * which has none, on its first look). Every instance runs one; the one
 * holding the lease in the {@link ThingIndexState} acts, and only when the state and the configuration disagree:
 *
 * <ul>
 *   <li>indexing OFF: the indices go (AWS deletes the index too);
 *   <li>no index yet (first start, or back from OFF) or one that stores other parts than the configuration asks for
 *       ({@link IndexingSettings#sameStorage}): a new generation is built from the registry ({@link ThingIndexBuild})
 *       and then swapped in by alias: {@code BUILDING} while nothing answers queries, {@code REBUILDING} while the
 *       previous generation still does;
 *   <li>a build whose configuration was replaced meanwhile is abandoned and a new one starts;
 *   <li>a change that stores the same parts (custom fields) only updates the configuration the live index answers
 *       queries under.
 * </ul>
 *
 * A lease (renewed at every checkpoint of a build) keeps two instances from building at once; when its holder dies,
 * another instance takes over after the lease expires and continues the build from its last checkpoint.
 */
@Singleton
public class RebuildCoordinator {

    private static final Logger LOG = Logger.getLogger(RebuildCoordinator.class);

    private final IndexingConfigurationStore configurations;
    private final ThingIndexStateStore states;
    private final ThingIndexSetup setup;
    private final GroupIndexFill groupIndex;
    private final ThingIndexBuild build;
    private final RebuildConfig config;
    private final Lease lease;
    private final LinkedBlockingQueue<Boolean> wakeups = new LinkedBlockingQueue<>(1);

    private volatile boolean running;
    private volatile boolean initialized;
    private boolean clusterPrepared;
    private boolean aliasesChecked;
    private Thread thread;

    RebuildCoordinator(
            IndexingConfigurationStore configurations,
            ThingIndexStateStore states,
            ThingIndexSetup setup,
            GroupIndexFill groupIndex,
            ThingIndexBuild build,
            RebuildConfig config) {
        this.configurations = configurations;
        this.states = states;
        this.setup = setup;
        this.groupIndex = groupIndex;
        this.build = build;
        this.config = config;
        this.lease = new Lease(UUID.randomUUID().toString(), config.lease());
    }

    void start(@Observes StartupEvent started) {
        if (!config.enabled()) {
            initialized = true;
            return;
        }
        running = true;
        thread = Thread.ofPlatform().name("thing-index-coordinator").start(this::run);
    }

    void stop(@Observes ShutdownEvent stopping) throws InterruptedException {
        running = false;
        if (thread != null) {
            thread.interrupt();
            thread.join(TimeUnit.SECONDS.toMillis(10));
        }
    }

    /** Whether the thing index state exists (the index was set up once): the service is ready. */
    public boolean initialized() {
        return initialized;
    }

    /** Looks at the configuration now rather than at the next poll (after an update on this instance). */
    void wake(@Observes IndexingConfigurationService.Updated updated) {
        wakeups.offer(Boolean.TRUE);
    }

    private void run() {
        while (running) {
            try {
                reconcile();
            } catch (InterruptedException e) {
                return;
            } catch (ThingIndexBuild.Superseded superseded) {
                LOG.info("The thing index state changed under this instance; looking again");
                continue;
            } catch (Exception e) {
                LOG.warnf("Coordinating the thing index failed, trying again: %s", e.toString());
            }
            try {
                wakeups.poll(config.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void reconcile() throws Exception {
        IndexingSettings requested = configurations.fresh();
        ThingIndexStateStore.Versioned versioned = states.fresh();
        ThingIndexState state = versioned.state();
        try {
            groupIndex.ensure(); // no generations: it needs to exist, filled from the group-service once created
        } catch (IOException | RuntimeException failed) {
            LOG.warnf("The thing-group index is not filled yet, trying again: %s", failed.toString());
        }
        if (!clusterPrepared) {
            setup.storeScript();
            if (state.live() != null) {
                setup.addMissingFields(state.live().number()); // an index of an earlier release
            }
            clusterPrepared = true;
        }
        if (aliasesChecked && !disagree(state, requested)) {
            return;
        }
        if (!lease.mayTake(state)) {
            initialized |= versioned.stored().isPresent();
            return; // another instance coordinates
        }
        versioned = store(versioned, state.withLease(lease.renewed()));
        state = versioned.state();
        pointAliases(state);
        aliasesChecked = true;
        initialized = true;

        if (!requested.thingIndexOn()) {
            if (state.live() != null || state.building() != null) {
                LOG.info("Thing indexing is OFF: deleting the thing index");
                versioned = store(versioned, state.withLive(null).withBuilding(null));
                pointAliases(versioned.state());
            }
            release(versioned);
            return;
        }
        if (state.building() != null && !state.building().target().settings().sameStorage(requested)) {
            LOG.infof(
                    "Abandoning the build of %s: the configuration changed",
                    state.building().target().index());
            versioned = store(versioned, state.withBuilding(null));
            state = versioned.state();
            pointAliases(state);
        }
        if (state.building() == null) {
            if (state.live() != null && state.live().settings().sameStorage(requested)) {
                // same documents: the live index answers under the new configuration (custom fields) at once
                versioned = store(
                        versioned,
                        state.withLive(
                                new ThingIndexState.Generation(state.live().number(), requested)));
                release(versioned);
                return;
            }
            long generation = state.lastGeneration() + 1;
            setup.create(generation);
            versioned = store(
                    versioned,
                    state.withBuilding(new ThingIndexState.Build(
                            new ThingIndexState.Generation(generation, requested),
                            0,
                            0,
                            "",
                            System.currentTimeMillis())));
            LOG.infof(
                    "%s %s",
                    versioned.state().status(),
                    versioned.state().building().target().index());
        } else {
            setup.create(state.building().target().number()); // a build taken over: its index may be missing
        }
        pointAliases(versioned.state());
        versioned = build.run(versioned, lease);
        state = versioned.state();
        // the alias moves before the state says so: a crash in between is repaired by the next look (the state's
        // aliases are put back, the finished build is finished again), while the reverse order would leave searches
        // on the old index with a state that says the new one answers
        ThingIndexState swapped = state.withLive(state.building().target()).withBuilding(null);
        pointAliases(swapped);
        versioned = store(versioned, swapped);
        LOG.infof(
                "%s is ACTIVE (%d things)",
                state.building().target().index(), state.building().done());
        release(versioned);
    }

    /** Whether the state is not what the configuration asks for. */
    private void pointAliases(ThingIndexState state) throws IOException {
        setup.apply(state.liveIndex(), state.buildingIndex());
    }

    private static boolean disagree(ThingIndexState state, IndexingSettings requested) {
        if (!requested.thingIndexOn()) {
            return state.live() != null || state.building() != null;
        }
        return state.building() != null
                || state.live() == null
                || !state.live().settings().equals(requested);
    }

    private ThingIndexStateStore.Versioned store(ThingIndexStateStore.Versioned versioned, ThingIndexState next)
            throws ThingIndexBuild.Superseded {
        return states.replace(versioned, next).orElseThrow(ThingIndexBuild.Superseded::new);
    }

    /** Gives the lead up once the state is as asked, so that any instance reacts to the next change at once. */
    private void release(ThingIndexStateStore.Versioned versioned) throws ThingIndexBuild.Superseded {
        store(versioned, versioned.state().withLease(null));
    }
}

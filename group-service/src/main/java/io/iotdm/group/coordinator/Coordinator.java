package io.iotdm.group.coordinator;

import io.iotdm.group.GroupConfig;
import io.iotdm.group.deletion.GroupDeletions;
import io.iotdm.group.dynamic.Backfills;
import io.iotdm.group.store.VerdictRepository;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The group-service's background work, done by one instance at a time (the {@link Lease}), on startup, when woken and
 * every {@code coordinator.interval}: the deletions that a crash interrupted, the backfills of dynamic groups that
 * are not ACTIVE, and then the verdicts of deleted dynamic groups. Each piece is restartable: an instance
 * that takes the lease over starts where the database says the work stands.
 */
@Singleton
public class Coordinator {

    private static final Logger LOG = Logger.getLogger(Coordinator.class);
    private static final Duration STEP_TIMEOUT = Duration.ofMinutes(10);

    private final Pool pool;
    private final GroupDeletions deletions;
    private final VerdictRepository verdicts;
    private final Backfills backfills;
    private final GroupConfig.Coordinator config;
    private final int removalBatchSize;
    private final BlockingQueue<Boolean> wakeUps = new ArrayBlockingQueue<>(1);

    private volatile boolean running;
    private Thread thread;

    Coordinator(
            Pool pool, GroupDeletions deletions, VerdictRepository verdicts, Backfills backfills, GroupConfig config) {
        this.pool = pool;
        this.deletions = deletions;
        this.verdicts = verdicts;
        this.backfills = backfills;
        this.config = config.coordinator();
        this.removalBatchSize = config.removalBatchSize();
    }

    void start(@Observes StartupEvent started) {
        if (removalBatchSize < 1) {
            // the steps of deletions and backfills' ends would remove nothing, for ever
            throw new IllegalStateException(
                    "iotdm.group.removal-batch-size must be at least 1, not " + removalBatchSize);
        }
        if (!config.enabled()) {
            return;
        }
        running = true;
        thread = Thread.ofPlatform().name("group-coordinator").start(this::run);
    }

    void stop(@Observes ShutdownEvent stopping) throws InterruptedException {
        running = false;
        if (thread != null) {
            thread.interrupt();
            thread.join(TimeUnit.SECONDS.toMillis(10));
        }
    }

    /** A group was created or its query changed: look now rather than at the next interval. */
    public void wake() {
        wakeUps.offer(Boolean.TRUE);
    }

    private void run() {
        try (Lease lease = new Lease(pool)) {
            while (running) {
                try {
                    boolean more = lease.hold() && workOnce();
                    if (!more) {
                        wakeUps.poll(config.interval().toMillis(), TimeUnit.MILLISECONDS);
                    }
                } catch (InterruptedException stopping) {
                    return;
                } catch (RuntimeException failure) {
                    if (!running) {
                        return;
                    }
                    LOG.warnf("The group-service's background work failed, retrying: %s", failure.toString());
                    try {
                        Thread.sleep(config.interval().toMillis());
                    } catch (InterruptedException stopping) {
                        return;
                    }
                }
            }
        }
    }

    /** @return whether more work may wait */
    private boolean workOnce() {
        int finished = deletions.finishAll().await().atMost(STEP_TIMEOUT);
        if (finished > 0) {
            LOG.infof("Finished the deletion of %d thing groups", finished);
        }
        // backfills first: a group waits for them; sweeps only forget what nothing acts on
        return backfills.runOnce() || verdicts.sweep(pool).await().atMost(STEP_TIMEOUT);
    }
}

package io.iotdm.group.coordinator;

import io.iotdm.group.store.Locks;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * The coordinator's lease: a session-level PostgreSQL advisory lock held by a connection taken from the pool for as
 * long as the lease is held. One instance holds it at a time; it ends with that session (the instance crashed or lost
 * the database) or when given up, and another instance takes it at its next try ({@link Locks#tryLease}).
 */
class Lease implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Lease.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final Pool pool;
    private SqlConnection connection;

    Lease(Pool pool) {
        this.pool = pool;
    }

    /** @return whether this instance holds the lease: still (its connection answers), or from now on */
    boolean hold() {
        if (connection != null) {
            try {
                connection.query("SELECT 1").execute().await().atMost(TIMEOUT);
                return true;
            } catch (RuntimeException lost) {
                LOG.warnf("Lost the coordinator lease: %s", lost.toString());
                close();
            }
        }
        SqlConnection candidate = pool.getConnection().await().atMost(TIMEOUT);
        try {
            boolean taken = Locks.tryLease(candidate).await().atMost(TIMEOUT);
            if (taken) {
                LOG.info("This instance coordinates the group-service's background work");
                connection = candidate;
                return true;
            }
        } catch (RuntimeException failed) {
            candidate.closeAndAwait();
            throw failed;
        }
        candidate.closeAndAwait();
        return false;
    }

    /** Gives the lease up: the connection goes back to the pool, its session (and a lock it kept) would stay. */
    @Override
    public void close() {
        if (connection != null) {
            try {
                Locks.releaseLease(connection).await().atMost(TIMEOUT);
            } catch (RuntimeException lost) {
                // the session is gone, and the lock with it
            }
            connection.closeAndAwait();
            connection = null;
        }
    }
}

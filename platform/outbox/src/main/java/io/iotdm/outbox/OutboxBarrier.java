package io.iotdm.outbox;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * "Return when every event committed before now is on Kafka", for a reader of the topics that must see what was just
 * written (the fleet index's searches). The events committed before the call are the outbox rows visible now; they
 * all have an id at most the largest visible now, and the relay deletes a row only once Kafka acknowledged it (acks=all),
 * so they are published when no row up to that id is left. Rows with a smaller id that commit later only make the wait
 * longer, never shorter.
 *
 * <p>The relaying instance signals each pass it completes ({@link OutboxRelay#nextPass()}), and is woken at once; an
 * instance that does not relay (one relays at a time) sees no passes and looks again every {@link #RECHECK}, with an
 * index-only probe of the primary key.
 */
@ApplicationScoped
public class OutboxBarrier {

    /** Next to the relay's own pace (its commits wake it, other instances' are seen within its 100 ms poll). */
    static final Duration RECHECK = Duration.ofMillis(20);

    private final Pool pool;
    private final OutboxRelay relay;

    OutboxBarrier(Pool pool, OutboxRelay relay) {
        this.pool = pool;
        this.relay = relay;
    }

    /** @return whether every event committed before the call was published within {@code maxWait} */
    public Uni<Boolean> published(Duration maxWait) {
        long deadline = System.nanoTime() + maxWait.toNanos();
        return pool.query("SELECT max(id) FROM iotdm_outbox")
                .execute()
                .map(rows -> rows.iterator().next().getLong(0))
                .flatMap(last -> last == null ? Uni.createFrom().item(true) : publishedThrough(last, deadline));
    }

    private Uni<Boolean> publishedThrough(long last, long deadline) {
        CompletableFuture<Void> pass = relay.nextPass(); // before the probe: a pass after it cannot be missed
        return pool.preparedQuery("SELECT EXISTS (SELECT 1 FROM iotdm_outbox WHERE id <= $1)")
                .execute(Tuple.of(last))
                .flatMap(rows -> {
                    if (!rows.iterator().next().getBoolean(0)) {
                        return Uni.createFrom().item(true);
                    }
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return Uni.createFrom().item(false);
                    }
                    relay.wake();
                    return Uni.createFrom()
                            .completionStage(pass.copy()) // a copy: giving up on it must not cancel other waiters'
                            .ifNoItem()
                            .after(Duration.ofNanos(Math.min(left, RECHECK.toNanos())))
                            .recoverWithItem((Void) null)
                            .flatMap(ignored -> publishedThrough(last, deadline));
                });
    }
}

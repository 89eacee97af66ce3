package io.iotdm.messaging;

import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * How every Kafka consumer of iotdm applies what it received: a batch is applied until it succeeds, with a doubling
 * back-off, and never skipped. Its offsets are committed only once the returned {@code Uni} completes (SmallRye's
 * {@code throttled} commit strategy acknowledges the batch then), so a crash redelivers it: handlers are idempotent.
 * A record that can never be applied because it cannot be read is the handler's to log and skip; a device's request
 * that fails for a reason of its own is answered and skipped ({@link DeviceRequestFailures}); an outage (a database or
 * a peer that is down) is worth waiting for, and the records behind it wait in order.
 *
 * <p>While a batch is retried, SmallRye pauses the partitions but keeps polling, so the consumer stays in its group.
 * The channel must set {@code throttled.unprocessed-record-max-age.ms=0}: by default SmallRye fails the whole channel
 * (and stops consuming until a restart) when a record stays unacknowledged for 60 s.
 */
public final class UntilApplied {

    private static final Logger LOG = Logger.getLogger(UntilApplied.class);

    /** The first pause after a failure; each next one doubles (with jitter), up to {@link #MAX_BACK_OFF}. */
    public static final Duration FIRST_BACK_OFF = Duration.ofSeconds(1);

    public static final Duration MAX_BACK_OFF = Duration.ofSeconds(30);

    private UntilApplied() {}

    /**
     * @param what names the work in the log line of a failure, e.g. "Applying 120 records of aws.events.thing"
     * @param apply subscribed again for each attempt
     */
    public static Uni<Void> apply(String what, Supplier<Uni<? extends Void>> apply) {
        return apply(what, apply, FIRST_BACK_OFF, MAX_BACK_OFF);
    }

    /** As {@link #apply(String, Supplier)}, with the first and the longest pause of the back-off given. */
    public static Uni<Void> apply(String what, Supplier<Uni<? extends Void>> apply, Duration first, Duration max) {
        return Uni.createFrom()
                .<Void>deferred(apply)
                .onFailure()
                .invoke(failure -> LOG.warnf("%s failed, retrying in order: %s", what, failure.toString()))
                .onFailure()
                .retry()
                .withBackOff(first, max)
                .indefinitely();
    }
}

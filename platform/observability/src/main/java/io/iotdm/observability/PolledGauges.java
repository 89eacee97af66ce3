package io.iotdm.observability;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Gauges whose values one asynchronous reading (a query of the service's database) gives together, read every
 * {@link #INTERVAL_MILLIS} on the event loop rather than at scrape time: a scrape must neither wait for the database
 * nor fail while it is away (the last reading stays). Every instance of a service reads the same database, so they
 * all report the same values: alerts take their {@code max}.
 */
public final class PolledGauges {

    /** Well under any scrape interval (15–60 s), so each scrape sees a reading at most this old. */
    public static final long INTERVAL_MILLIS = 5000;

    private static final Logger LOG = Logger.getLogger(PolledGauges.class);

    /** One gauge: its name (dotted, Micrometer's), its base unit (a suffix in Prometheus) and what it means. */
    public record Polled(String name, String baseUnit, String description) {}

    private final String what;
    private final Supplier<Uni<double[]>> read;
    private volatile double[] values;
    private long timer = -1;

    /**
     * @param what names the reading in the log line of a failure
     * @param read one value per gauge, in their order
     */
    public PolledGauges(MeterRegistry registry, String what, Supplier<Uni<double[]>> read, Polled... gauges) {
        this.what = what;
        this.read = read;
        this.values = new double[gauges.length];
        for (int i = 0; i < gauges.length; i++) {
            int index = i;
            Gauge.builder(gauges[i].name(), this, polled -> polled.values[index])
                    .description(gauges[i].description())
                    .baseUnit(gauges[i].baseUnit())
                    .register(registry);
        }
    }

    /**
     * Reads every {@link #INTERVAL_MILLIS}, the first time one interval after the start (0 until then): a query at
     * start-up would run before Quarkus has set up the tracing of the reactive SQL client, which logs a warning.
     */
    public void start(Vertx vertx) {
        timer = vertx.setPeriodic(INTERVAL_MILLIS, tick -> poll());
    }

    public void stop(Vertx vertx) {
        vertx.cancelTimer(timer);
    }

    private void poll() {
        read.get()
                .subscribe()
                .with(
                        reading -> values = reading,
                        failure -> LOG.debugf("Reading %s failed: %s", what, failure.toString()));
    }
}

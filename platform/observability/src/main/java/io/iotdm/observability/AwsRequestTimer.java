package io.iotdm.observability;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The latency and outcome of AWS requests as one Prometheus histogram, {@code <name>_seconds}: its {@code _count} is
 * the requests, by the signing service ({@code aws_service}: iot, iotdata, iot-jobs-data, signer), the AWS
 * {@code operation} and the HTTP {@code status}, every tag bounded by the models (no resource names). The buckets are
 * fixed service-level bounds rather than Micrometer's ~70 percentile buckets per series: a dozen are enough for
 * {@code histogram_quantile} to place a p99 and for "answered within 250 ms" ratios, at a sixth of the series.
 */
public final class AwsRequestTimer {

    /** The tag value of a request that matched no operation (a refused signature, an unknown path). */
    public static final String NO_OPERATION = "none";

    /** Where a request's operation waits, once known, for the end of its answer. */
    private static final String OPERATION = "iotdm.aws-operation";

    private record Named(String awsService, String operation) {}

    private static final Duration[] BUCKETS = {
        Duration.ofMillis(5),
        Duration.ofMillis(10),
        Duration.ofMillis(25),
        Duration.ofMillis(50),
        Duration.ofMillis(100),
        Duration.ofMillis(250),
        Duration.ofMillis(500),
        Duration.ofSeconds(1),
        Duration.ofMillis(2500),
        Duration.ofSeconds(5),
        Duration.ofSeconds(10),
        Duration.ofSeconds(30)
    };

    private final MeterRegistry registry;
    private final String name;
    private final String description;

    /**
     * @param name the meter's name, e.g. {@code iotdm.gateway.requests} ({@code iotdm_gateway_requests_seconds})
     */
    public AwsRequestTimer(MeterRegistry registry, String name, String description) {
        this.registry = registry;
        this.name = name;
        this.description = description;
    }

    /**
     * Times a request from now until its answer has ended (or the connection closed), tagged with the operation that
     * {@link #operation} named by then, {@link #NO_OPERATION} if none.
     */
    public void time(RoutingContext context) {
        long started = System.nanoTime();
        context.addEndHandler(ended -> {
            Named named = context.get(OPERATION);
            record(
                    named == null ? NO_OPERATION : named.awsService(),
                    named == null ? NO_OPERATION : named.operation(),
                    context.response().getStatusCode(),
                    started);
        });
    }

    /** The operation the request being timed invokes, once it is known. */
    public static void operation(RoutingContext context, String awsService, String operation) {
        context.put(OPERATION, new Named(awsService, operation));
    }

    /** Records one request that started at {@code startedNanos} ({@link System#nanoTime()}) and has just ended. */
    void record(String awsService, String operation, int status, long startedNanos) {
        Timer.builder(name)
                .description(description)
                .tag("aws_service", awsService)
                .tag("operation", operation)
                .tag("status", Integer.toString(status))
                .serviceLevelObjectives(BUCKETS)
                .register(registry)
                .record(System.nanoTime() - startedNanos, TimeUnit.NANOSECONDS);
    }
}

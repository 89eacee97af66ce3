package io.iotdm.outbox;

import io.iotdm.observability.PolledGauges;
import io.iotdm.observability.PolledGauges.Polled;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The outbox as Prometheus sees it: {@code iotdm_outbox_backlog_rows} (events committed and not yet acknowledged by
 * Kafka) and {@code iotdm_outbox_oldest_age_seconds} (how long the oldest of them has waited: the delay every consumer
 * sees, 0 when the outbox is empty), read from the service's database ({@link PolledGauges});
 * {@code iotdm_outbox_published_total} ({@link OutboxRelay}) and {@code iotdm_outbox_dead_lettered_total}, this
 * instance's since it started.
 */
@ApplicationScoped
class OutboxMetrics {

    private final Vertx vertx;
    private final PolledGauges gauges;

    OutboxMetrics(Pool pool, Vertx vertx, MeterRegistry registry, DeadLetters deadLetters) {
        this.vertx = vertx;
        this.gauges = new PolledGauges(
                registry,
                "the outbox's backlog",
                () -> pool.query(
                                "SELECT count(*), coalesce(extract(epoch FROM now() - min(created_at)), 0) FROM iotdm_outbox")
                        .execute()
                        .map(rows -> {
                            Row row = rows.iterator().next();
                            return new double[] {
                                row.getLong(0), row.getNumeric(1).doubleValue()
                            };
                        }),
                new Polled("iotdm.outbox.backlog", "rows", "Outbox events committed and not yet published to Kafka"),
                new Polled(
                        "iotdm.outbox.oldest.age",
                        "seconds",
                        "How long the oldest unpublished outbox event has waited (0 when none waits)"));
        FunctionCounter.builder("iotdm.outbox.dead.lettered", deadLetters, DeadLetters::movedSinceStart)
                .description("Outbox events Kafka refused for good, moved to iotdm_outbox_dead_letter by this instance")
                .register(registry);
    }

    void start(@Observes StartupEvent started) {
        gauges.start(vertx);
    }

    void stop(@Observes ShutdownEvent stopping) {
        gauges.stop(vertx);
    }
}

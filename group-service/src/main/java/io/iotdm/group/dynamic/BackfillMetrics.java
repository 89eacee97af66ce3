package io.iotdm.group.dynamic;

import io.iotdm.observability.PolledGauges;
import io.iotdm.observability.PolledGauges.Polled;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Dynamic groups' backfills as Prometheus sees them, over all groups (a group's name is no tag: unbounded):
 * {@code iotdm_group_backfills} (groups BUILDING or REBUILDING), {@code iotdm_group_backfill_done_things} and
 * {@code iotdm_group_backfill_total_things} (matching things applied so far, of the things their queries matched when
 * their backfills began: DescribeThingGroup's {@code iotdm-backfill-progress}, summed), read from the database
 * ({@link PolledGauges}). Done over total is the progress; total that stays above done for long is a stuck backfill.
 */
@ApplicationScoped
class BackfillMetrics {

    private final Vertx vertx;
    private final PolledGauges gauges;

    BackfillMetrics(Pool pool, Vertx vertx, MeterRegistry registry) {
        this.vertx = vertx;
        this.gauges = new PolledGauges(
                registry,
                "the dynamic groups' backfills",
                () -> pool.query("SELECT count(*), coalesce(sum(backfill_done), 0), coalesce(sum(backfill_total), 0)"
                                + " FROM thing_group WHERE status IN ('BUILDING', 'REBUILDING') AND NOT deleting")
                        .execute()
                        .map(rows -> {
                            Row row = rows.iterator().next();
                            return new double[] {row.getLong(0), row.getLong(1), row.getLong(2)};
                        }),
                new Polled("iotdm.group.backfills", "groups", "Dynamic thing groups BUILDING or REBUILDING"),
                new Polled(
                        "iotdm.group.backfill.done",
                        "things",
                        "Matching things the running backfills have applied so far"),
                new Polled(
                        "iotdm.group.backfill.total",
                        "things",
                        "Things the running backfills' queries matched when they began"));
    }

    void start(@Observes StartupEvent started) {
        gauges.start(vertx);
    }

    void stop(@Observes ShutdownEvent stopping) {
        gauges.stop(vertx);
    }
}

package io.iotdm.outbox;

import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;

/**
 * Alive while the relay's thread runs (or the relay is disabled here). Its data: what the relay does, the events this
 * instance moved to the dead-letter table since it started, and the rows that table holds now (left out when the
 * database cannot be asked, which is no reason to restart the service).
 */
@Liveness
@ApplicationScoped
class OutboxHealth implements AsyncHealthCheck {

    private final OutboxRelay relay;
    private final DeadLetters deadLetters;
    private final Pool pool;

    OutboxHealth(OutboxRelay relay, DeadLetters deadLetters, Pool pool) {
        this.relay = relay;
        this.deadLetters = deadLetters;
        this.pool = pool;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("outbox-relay")
                .status(relay.alive())
                .withData("relay", relay.state().name())
                .withData("dead-lettered-since-start", deadLetters.movedSinceStart());
        return pool.query("SELECT count(*) FROM iotdm_outbox_dead_letter")
                .execute()
                .map(rows -> response.withData(
                                "dead-letter-rows", rows.iterator().next().getLong(0))
                        .build())
                .onFailure()
                .recoverWithItem(unknown -> response.build());
    }
}

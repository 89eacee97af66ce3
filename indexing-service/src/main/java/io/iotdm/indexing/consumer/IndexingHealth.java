package io.iotdm.indexing.consumer;

import io.iotdm.indexing.rebuild.RebuildCoordinator;
import io.iotdm.indexing.thing.FieldBudget;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

/** Ready once the thing index is set up (its state exists) and the consumer has joined its group; alive while the consumer thread runs. */
public final class IndexingHealth {

    private IndexingHealth() {}

    @Readiness
    @ApplicationScoped
    static class Ready implements HealthCheck {

        private final HandWrittenLoop consumer;
        private final RebuildCoordinator index;
        private final IndexingStats stats;
        private final io.iotdm.indexing.dynamic.MembershipDecisions decisions;
        private final FieldBudget budget;

        Ready(
                HandWrittenLoop consumer,
                RebuildCoordinator index,
                IndexingStats stats,
                io.iotdm.indexing.dynamic.MembershipDecisions decisions,
                FieldBudget budget) {
            this.consumer = consumer;
            this.index = index;
            this.stats = stats;
            this.decisions = decisions;
            this.budget = budget;
        }

        @Override
        public HealthCheckResponse call() {
            boolean up = index.initialized() && consumer.ready();
            HealthCheckResponseBuilder response = HealthCheckResponse.named("thing-index")
                    .status(up)
                    .withData("index", index.initialized() ? "ready" : "not ready")
                    .withData("consumer", consumer.state().name());
            stats.snapshot().forEach((name, value) -> response.withData(name, value.longValue()));
            decisions.counters().forEach((name, value) -> response.withData(name, value.longValue()));
            budget.counters().forEach((name, value) -> response.withData(name, value.longValue()));
            return response.build();
        }
    }

    @Liveness
    @ApplicationScoped
    static class Alive implements HealthCheck {

        private final HandWrittenLoop consumer;

        Alive(HandWrittenLoop consumer) {
            this.consumer = consumer;
        }

        @Override
        public HealthCheckResponse call() {
            return HealthCheckResponse.named("indexing-consumer")
                    .status(consumer.alive())
                    .withData("consumer", consumer.state().name())
                    .build();
        }
    }
}

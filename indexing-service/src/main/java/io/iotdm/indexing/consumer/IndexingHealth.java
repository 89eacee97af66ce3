package io.iotdm.indexing.consumer;

import io.iotdm.indexing.dynamic.MembershipDecisions;
import io.iotdm.indexing.rebuild.RebuildCoordinator;
import io.iotdm.indexing.thing.FieldBudget;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready once the thing index is set up (its state exists); its data carry the consumer's counters. Whether the
 * consumer's channel is connected and alive, SmallRye's own checks of the {@code thing-index} channel say, in the same
 * {@code /q/health} answers.
 */
@Readiness
@ApplicationScoped
class IndexingHealth implements HealthCheck {

    private final RebuildCoordinator index;
    private final IndexingStats stats;
    private final MembershipDecisions decisions;
    private final FieldBudget budget;

    IndexingHealth(RebuildCoordinator index, IndexingStats stats, MembershipDecisions decisions, FieldBudget budget) {
        this.index = index;
        this.stats = stats;
        this.decisions = decisions;
        this.budget = budget;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("thing-index")
                .status(index.initialized())
                .withData("index", index.initialized() ? "ready" : "not ready");
        stats.snapshot().forEach((name, value) -> response.withData(name, value.longValue()));
        decisions.counters().forEach((name, value) -> response.withData(name, value.longValue()));
        budget.counters().forEach((name, value) -> response.withData(name, value.longValue()));
        return response.build();
    }
}

package io.iotdm.jobs.rollout;

import io.iotdm.jobs.store.Rollout;
import io.iotdm.jobs.store.RolloutState;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import java.time.Instant;

/**
 * What the engine does for a rollout in one state: one step, in the transaction that holds the rollout's lock. A step
 * writes the rollout's next state itself (or deletes it when the rollout is over) and answers the events of what it
 * changed, and whether the engine should step again at once ({@link RolloutStep}).
 */
interface RolloutAction {

    RolloutState state();

    Uni<RolloutStep> step(SqlConnection transaction, Rollout rollout, Instant now);
}

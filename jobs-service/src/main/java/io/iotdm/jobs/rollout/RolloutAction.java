package io.iotdm.jobs.rollout;

import io.iotdm.events.Event;
import io.iotdm.jobs.store.Rollout;
import io.iotdm.jobs.store.RolloutState;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import java.time.Instant;
import java.util.List;

/**
 * What the engine does for a rollout in one state: one step, in the transaction that holds the rollout's lock. A step
 * writes the rollout's next state itself (or deletes it when the rollout is over) and answers the events of what it
 * changed.
 */
interface RolloutAction {

    RolloutState state();

    Uni<List<Event>> step(SqlConnection transaction, Rollout rollout, Instant now);
}

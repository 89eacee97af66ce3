package io.iotdm.registry.shadow;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * The message ids of the devices' requests that have been applied, so that a request Kafka delivers again (a batch
 * applied but not yet committed when the consumer stopped, or tried again after a failure) is not applied twice: a
 * second update must not bump a shadow's version again. Claimed in the request's own transaction, so the claim, the
 * change and its answers commit together or not at all.
 */
@ApplicationScoped
class AppliedDeviceMessages {

    /**
     * How long a claim is kept: longer than {@code iotdm.device.inbound} keeps a record (1 day,
     * deploy/base/engines/kafka-topics.yaml), because Kafka can only deliver again a record it still has.
     */
    static final Duration RETENTION = Duration.ofDays(2);

    /** @return true for the first claim of the id, false when it has been applied before */
    Uni<Boolean> claim(SqlClient transaction, String messageId, Instant now) {
        return transaction
                .preparedQuery(
                        """
                        INSERT INTO applied_device_message (message_id, applied_at) VALUES ($1, $2)
                        ON CONFLICT DO NOTHING""")
                .execute(Tuple.of(messageId, now.atOffset(ZoneOffset.UTC)))
                .map(rows -> rows.rowCount() == 1);
    }

    /** Forgets the claims older than {@link #RETENTION}; any instance may, any number of times. */
    Uni<Integer> prune(SqlClient client, Instant now) {
        return client.preparedQuery("DELETE FROM applied_device_message WHERE applied_at < $1")
                .execute(Tuple.of(now.minus(RETENTION).atOffset(ZoneOffset.UTC)))
                .map(rows -> rows.rowCount());
    }
}

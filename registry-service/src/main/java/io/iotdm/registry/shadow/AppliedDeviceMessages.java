package io.iotdm.registry.shadow;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

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

    /**
     * Claims the ids of one thing's requests in one statement (one round trip, however many requests).
     *
     * @return the ids claimed now, each once; an id applied before (or twice in {@code messageIds}) is claimed at most
     *     once
     */
    Uni<Set<String>> claim(SqlClient transaction, List<String> messageIds, Instant now) {
        return transaction
                .preparedQuery(
                        """
                        INSERT INTO applied_device_message (message_id, applied_at)
                        SELECT unnest($1::text[]), $2 ON CONFLICT DO NOTHING RETURNING message_id""")
                .execute(Tuple.of(messageIds.toArray(String[]::new), now.atOffset(ZoneOffset.UTC)))
                .map(rows -> {
                    Set<String> claimed = new HashSet<>();
                    rows.forEach(row -> claimed.add(row.getString(0)));
                    return claimed;
                });
    }

    /** Forgets the claims older than {@link #RETENTION}; any instance may, any number of times. */
    Uni<Integer> prune(SqlClient client, Instant now) {
        return client.preparedQuery("DELETE FROM applied_device_message WHERE applied_at < $1")
                .execute(Tuple.of(now.minus(RETENTION).atOffset(ZoneOffset.UTC)))
                .map(rows -> rows.rowCount());
    }
}

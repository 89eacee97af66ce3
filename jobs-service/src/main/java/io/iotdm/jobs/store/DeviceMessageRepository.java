package io.iotdm.jobs.store;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/** The device messages already applied, by message id (docs/aws-behaviour.md §5.17). */
@ApplicationScoped
public class DeviceMessageRepository {

    /** @return whether the message is new: {@code false} when it was applied before */
    public Uni<Boolean> firstTime(SqlClient transaction, String messageId, Instant receivedAt) {
        return transaction
                .preparedQuery("INSERT INTO device_message (message_id, received_at) VALUES ($1, $2)"
                        + " ON CONFLICT (message_id) DO NOTHING")
                .execute(Tuple.of(messageId, Sql.utc(receivedAt)))
                .map(rows -> rows.rowCount() == 1);
    }

    /** Forgets the messages received before {@code before}. */
    public Uni<Integer> prune(SqlClient client, Instant before) {
        return client.preparedQuery("DELETE FROM device_message WHERE received_at < $1")
                .execute(Tuple.of(Sql.utc(before)))
                .map(rows -> rows.rowCount());
    }
}

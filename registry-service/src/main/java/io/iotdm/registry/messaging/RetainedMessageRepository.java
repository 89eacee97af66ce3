package io.iotdm.registry.messaging;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** Retained messages in PostgreSQL, one per topic. Writes take the caller's transaction. */
@ApplicationScoped
public class RetainedMessageRepository {

    /**
     * Stores the topic's retained message, replacing the one it had unless that one is newer: a device's retained
     * message arrives through Kafka after an iot-data Publish may have stored a later one (docs/aws-behaviour.md §9.7).
     */
    public Uni<Void> put(SqlClient transaction, RetainedMessage message) {
        return transaction
                .preparedQuery(
                        """
                        INSERT INTO retained_message (topic, payload, qos, user_properties, last_modified_time)
                        VALUES ($1, $2, $3, $4, $5) ON CONFLICT (topic) DO UPDATE SET payload = excluded.payload,
                        qos = excluded.qos, user_properties = excluded.user_properties,
                        last_modified_time = excluded.last_modified_time
                        WHERE retained_message.last_modified_time <= excluded.last_modified_time""")
                .execute(Tuple.tuple()
                        .addString(message.topic())
                        .addBuffer(Buffer.buffer(message.payload()))
                        .addInteger(message.qos())
                        .addString(message.userProperties())
                        .addOffsetDateTime(message.lastModifiedTime().atOffset(ZoneOffset.UTC)))
                .replaceWithVoid();
    }

    /** Deletes the topic's retained message unless it is newer than {@code at}. */
    public Uni<Void> delete(SqlClient transaction, String topic, Instant at) {
        return transaction
                .preparedQuery("DELETE FROM retained_message WHERE topic = $1 AND last_modified_time <= $2")
                .execute(Tuple.of(topic, at.atOffset(ZoneOffset.UTC)))
                .replaceWithVoid();
    }

    /** @return the topic's retained message, or {@code null} */
    public Uni<RetainedMessage> find(SqlClient client, String topic) {
        return client.preparedQuery(
                        """
                SELECT topic, payload, qos, user_properties, last_modified_time
                FROM retained_message WHERE topic = $1""")
                .execute(Tuple.of(topic))
                .map(rows -> {
                    var iterator = rows.iterator();
                    if (!iterator.hasNext()) {
                        return null;
                    }
                    return message(iterator.next());
                });
    }

    /**
     * The retained messages whose topics match {@code regex} (a {@link TopicFilter}), in topic order.
     *
     * @param limit at most this many
     */
    public Uni<List<RetainedMessage>> matching(SqlClient client, String regex, int limit) {
        return client.preparedQuery(
                        """
                SELECT topic, payload, qos, user_properties, last_modified_time
                FROM retained_message WHERE topic ~ $1 ORDER BY topic LIMIT $2""")
                .execute(Tuple.of(regex, limit))
                .map(rows -> {
                    List<RetainedMessage> messages = new ArrayList<>(rows.size());
                    rows.forEach(row -> messages.add(message(row)));
                    return messages;
                });
    }

    private static RetainedMessage message(Row row) {
        return new RetainedMessage(
                row.getString("topic"),
                row.getBuffer("payload").getBytes(),
                row.getInteger("qos"),
                row.getString("user_properties"),
                row.getOffsetDateTime("last_modified_time").toInstant());
    }

    /**
     * One page of retained messages in topic order, without their payloads.
     *
     * @param after the last topic of the previous page, or {@code null}
     */
    public Uni<List<RetainedMessageSummary>> list(SqlClient client, String after, int limit) {
        return client.preparedQuery(
                        """
                SELECT topic, octet_length(payload) AS payload_size, qos, last_modified_time
                FROM retained_message WHERE topic > $1 ORDER BY topic LIMIT $2""")
                .execute(Tuple.of(after == null ? "" : after, limit))
                .map(rows -> {
                    List<RetainedMessageSummary> summaries = new ArrayList<>(rows.size());
                    rows.forEach(row -> summaries.add(new RetainedMessageSummary(
                            row.getString("topic"),
                            row.getInteger("payload_size"),
                            row.getInteger("qos"),
                            row.getOffsetDateTime("last_modified_time").toInstant())));
                    return summaries;
                });
    }
}

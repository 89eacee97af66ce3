package io.iotdm.outbox;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.jboss.logging.Logger;

/**
 * The outbox events that Kafka refuses for good, moved aside into {@code iotdm_outbox_dead_letter} so that the events
 * committed after them are not held up forever. Each is logged and counted.
 */
@ApplicationScoped
public class DeadLetters {

    private static final Logger LOG = Logger.getLogger(DeadLetters.class);
    private static final String MOVE =
            """
                    WITH refused AS (SELECT * FROM unnest(?::bigint[], ?::text[]) AS r(id, reason)),
                    moved AS (DELETE FROM iotdm_outbox o USING refused r WHERE o.id = r.id
                    RETURNING o.id, o.topic, o.record_key, o.headers, o.payload, o.created_at, r.reason)
                    INSERT INTO iotdm_outbox_dead_letter (outbox_id, topic, record_key, headers, payload, created_at, reason)
                    SELECT * FROM moved""";

    private final AtomicLong moved = new AtomicLong();

    /** An outbox row that Kafka refused, and why. */
    record Refused(long outboxId, String topic, String key, Throwable reason) {}

    /**
     * Only errors about the record itself, which the same record meets again on every try; everything else (a broker
     * away, a topic not yet there, a producer fenced or out of sequence, authorization) is retried in order, however
     * long it takes, because the next try may pass.
     */
    static boolean permanent(Throwable failure) {
        return failure instanceof RecordTooLargeException // over max.request.size, or the topic's max.message.bytes
                || failure instanceof RecordBatchTooLargeException
                || failure instanceof InvalidTopicException
                || failure
                        instanceof InvalidRecordException // the broker's validation, e.g. no key on a compacted topic
                || failure instanceof SerializationException
                || failure instanceof OutboxRelay.UnreadableHeaders;
    }

    /** Moves the rows into the dead-letter table in one statement: each is in exactly one of the two tables. */
    void move(Connection connection, List<Refused> refused) throws SQLException {
        if (refused.isEmpty()) {
            return;
        }
        Long[] ids = refused.stream().map(Refused::outboxId).toArray(Long[]::new);
        String[] reasons = refused.stream().map(r -> r.reason().toString()).toArray(String[]::new);
        try (PreparedStatement move = connection.prepareStatement(MOVE)) {
            move.setArray(1, connection.createArrayOf("bigint", ids));
            move.setArray(2, connection.createArrayOf("text", reasons));
            move.executeUpdate();
        }
        for (Refused event : refused) {
            LOG.errorf(
                    "Kafka refused outbox event %d for good, moved to iotdm_outbox_dead_letter: topic %s, key %s: %s",
                    event.outboxId(), event.topic(), event.key(), event.reason().toString());
        }
        moved.addAndGet(refused.size());
    }

    /** @return how many events this instance has moved aside since it started */
    public long movedSinceStart() {
        return moved.get();
    }
}

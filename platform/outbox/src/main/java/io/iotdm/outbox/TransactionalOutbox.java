package io.iotdm.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.iotdm.aws.protocol.AwsServiceException;
import io.iotdm.aws.protocol.ProtocolErrors;
import io.iotdm.events.Event;
import io.opentelemetry.context.Context;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Runs a write in a PostgreSQL transaction and commits its events in the same transaction, so that a change is never
 * visible without its events nor its events without the change.
 */
@ApplicationScoped
public class TransactionalOutbox {

    private static final JsonMapper JSON = new JsonMapper();
    private static final int RETRIES = 3;
    private static final String INSERT = OutboxRow.insert(column -> "$" + column);

    private final Pool pool;
    private final OutboxRelay relay;
    private final OutboxTracing tracing;
    private final int maxEventBytes;

    TransactionalOutbox(Pool pool, OutboxRelay relay, OutboxTracing tracing, OutboxConfig config) {
        this.pool = pool;
        this.relay = relay;
        this.tracing = tracing;
        this.maxEventBytes = config.maxEventBytes();
    }

    /**
     * @param work the reads and writes of the change; its failure rolls everything back. A deadlock or a serialization
     *     failure runs it again in a new transaction (a few times), so it must do nothing outside the transaction.
     * @return the outcome's result, once the change and its events have committed; RequestEntityTooLargeException
     *     (413), with nothing committed, when an event is larger than {@code iotdm.outbox.max-event-bytes}
     */
    public <T> Uni<T> commit(Function<SqlConnection, Uni<Outcome<T>>> work) {
        Context change = Context.current(); // the caller's trace, which its events continue (OutboxTracing)
        return pool.withTransaction(connection ->
                        work.apply(connection).call(outcome -> append(connection, outcome.events(), change)))
                .onFailure(TransactionalOutbox::retryable)
                .retry()
                .withBackOff(Duration.ofMillis(5), Duration.ofMillis(100))
                .atMost(RETRIES)
                .invoke(outcome -> {
                    if (!outcome.events().isEmpty()) {
                        relay.wake();
                    }
                })
                .map(Outcome::result);
    }

    /** PostgreSQL chose this transaction as a deadlock's victim, or could not serialize it: again is safe. */
    private static boolean retryable(Throwable failure) {
        return failure instanceof PgException pg
                && ("40P01".equals(pg.getSqlState()) || "40001".equals(pg.getSqlState()));
    }

    private Uni<Void> append(SqlConnection connection, List<Event> events, Context change) {
        if (events.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return connection
                .preparedQuery(INSERT)
                .execute(Tuple.from(OutboxRow.columns(rows(events, change))))
                .replaceWithVoid();
    }

    /**
     * For a service whose transactions are not this class's (Hibernate Reactive sessions): the rows to insert into
     * {@code iotdm_outbox} in the change's transaction, in order, each checked against the size limit.
     *
     * @throws AwsServiceException RequestEntityTooLargeException (413) when an event is larger than {@code
     *     iotdm.outbox.max-event-bytes}: the caller's transaction must then roll back
     */
    public List<OutboxRow> rows(List<Event> events) {
        return rows(events, Context.current());
    }

    /** The rows, each with the trace context of the change among its headers. */
    private List<OutboxRow> rows(List<Event> events, Context change) {
        List<OutboxRow> rows = new ArrayList<>(events.size());
        for (Event event : events) {
            String payload = event.payload().toString();
            checkSize(event, payload);
            rows.add(new OutboxRow(
                    event.kafkaTopic(), event.key(), json(tracing.withTrace(event.headers(), change)), payload));
        }
        return rows;
    }

    /** For a service whose transactions are not this class's: its rows have committed, the relay may look now. */
    public void committed(List<Event> events) {
        if (!events.isEmpty()) {
            relay.wake();
        }
    }

    /**
     * Kafka would refuse a larger record for good (the producer's max.request.size, the broker's message.max.bytes):
     * refused here, the change fails with an AWS error and nothing of it commits, rather than the relay moving its
     * event aside after the caller was told it succeeded.
     */
    private void checkSize(Event event, String payload) {
        long size = utf8Bytes(event.key()) + utf8Bytes(payload);
        for (Map.Entry<String, String> header : event.headers().entrySet()) {
            size += utf8Bytes(header.getKey()) + utf8Bytes(header.getValue());
        }
        if (size > maxEventBytes) {
            throw ProtocolErrors.tooLarge("The change's event on " + event.kafkaTopic() + " would be " + size
                    + " bytes, more than the maximum size allowed (" + maxEventBytes + " bytes)");
        }
    }

    /** The UTF-8 length without encoding: every event passes here. */
    private static long utf8Bytes(String text) {
        long bytes = text.length();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 0x800) {
                bytes += Character.isSurrogate(c) ? 1 : 2; // a surrogate pair: 4 bytes for 2 chars
            } else if (c >= 0x80) {
                bytes += 1;
            }
        }
        return bytes;
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}

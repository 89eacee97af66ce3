package io.iotdm.provisioning.store;

import io.iotdm.events.Event;
import io.iotdm.events.ProvisioningChanges.Change;
import io.iotdm.events.ProvisioningChanges.ResourceType;
import io.iotdm.outbox.OutboxRow;
import io.iotdm.outbox.Outcome;
import io.iotdm.outbox.TransactionalOutbox;
import io.smallrye.mutiny.Uni;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Runs the provisioning-service's reads and writes in Hibernate Reactive sessions. A write's outbox events are inserted
 * in its transaction ({@link TransactionalOutbox#rows}), so a change is never visible without its events nor its events
 * without the change. Each call opens a session of its own and closes it: sessions are not shared between requests.
 */
@ApplicationScoped
public class ProvisioningTransactions {

    private static final int RETRIES = 3;
    private static final String INSERT_OUTBOX = OutboxRow.insert(column -> ":column" + column);

    private final Mutiny.SessionFactory sessions;
    private final TransactionalOutbox outbox;

    ProvisioningTransactions(Mutiny.SessionFactory sessions, TransactionalOutbox outbox) {
        this.sessions = sessions;
        this.outbox = outbox;
    }

    /**
     * @param work the reads and writes of the change; its failure rolls everything back. A deadlock or a serialization
     *     failure runs it again in a new transaction (a few times), so it must do nothing outside the transaction.
     * @return the outcome's result, once the change and its events have committed
     */
    public <T> Uni<T> commit(Function<Mutiny.Session, Uni<Outcome<T>>> work) {
        return Uni.createFrom()
                .deferred(() -> sessions.withTransaction(
                        session -> work.apply(session).call(outcome -> append(session, outcome.events()))))
                .onFailure(ProvisioningTransactions::retryable)
                .retry()
                .withBackOff(Duration.ofMillis(5), Duration.ofMillis(100))
                .atMost(RETRIES)
                .invoke(outcome -> outbox.committed(outcome.events()))
                .map(Outcome::result);
    }

    /** Reads in a session of their own, without a transaction of their own making. */
    public <T> Uni<T> read(Function<Mutiny.Session, Uni<T>> work) {
        return sessions.withSession(work);
    }

    /**
     * The change event of a write, under the next of the service's change revisions (one sequence orders every change
     * event it publishes).
     */
    public static Uni<Event> change(Mutiny.Session session, ResourceType type, String resourceId, String detail) {
        return nextRevision(session).map(revision -> change(type, resourceId, detail, revision));
    }

    /**
     * The change event of a write under a revision the write's own statement took ({@code RETURNING
     * nextval('change_revision')}: a round trip fewer than {@link #change(Mutiny.Session, ResourceType, String,
     * String)}).
     */
    public static Event change(ResourceType type, String resourceId, String detail, long revision) {
        return new Change(type, resourceId, detail, revision).event();
    }

    /**
     * The change events of an insert that takes its revision in its own statement ({@code ON CONFLICT DO NOTHING
     * RETURNING nextval('change_revision')}): none when {@code revision} is {@code null}, the row was there already.
     */
    public static List<Event> changes(ResourceType type, String resourceId, String detail, Long revision) {
        return revision == null ? List.of() : List.of(change(type, resourceId, detail, revision));
    }

    /** The revision such an insert returned, or {@code null} when it inserted nothing. */
    public static Long revision(List<Long> returned) {
        return returned.isEmpty() ? null : returned.getFirst();
    }

    /** The next of the service's change revisions: one sequence orders every event the service publishes. */
    public static Uni<Long> nextRevision(Mutiny.Session session) {
        return session.createNativeQuery("SELECT nextval('change_revision')", Long.class)
                .getSingleResult();
    }

    /** The change's outbox rows, in one statement (a registration commits three events: two round trips fewer). */
    private Uni<Void> append(Mutiny.Session session, List<Event> events) {
        List<OutboxRow> rows = outbox.rows(events);
        if (rows.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Mutiny.Query<Void> insert = session.createNativeQuery(INSERT_OUTBOX);
        List<String[]> columns = OutboxRow.columns(rows);
        for (int column = 1; column <= columns.size(); column++) {
            insert.setParameter("column" + column, columns.get(column - 1));
        }
        return insert.executeUpdate().replaceWithVoid();
    }

    /** PostgreSQL chose this transaction as a deadlock's victim, or could not serialize it: again is safe. */
    private static boolean retryable(Throwable failure) {
        String state = sqlState(failure);
        return "40P01".equals(state) || "40001".equals(state);
    }

    /**
     * The PostgreSQL error state of a failure (its cause chain), or {@code null}: 23505 for a unique violation. A
     * statement Hibernate Reactive ran fails with a {@link SQLException} that carries the state (a {@code flush} that
     * inserts a row whose key a concurrent transaction took), a query of the Vert.x client with its {@link PgException}.
     */
    public static String sqlState(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof PgException pg) {
                return pg.getSqlState();
            }
            if (cause instanceof SQLException sql && sql.getSQLState() != null) {
                return sql.getSQLState();
            }
        }
        return null;
    }
}

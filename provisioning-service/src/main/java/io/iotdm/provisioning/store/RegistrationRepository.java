package io.iotdm.provisioning.store;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import org.hibernate.LockMode;
import org.hibernate.reactive.mutiny.Mutiny;

/** Registrations in PostgreSQL, in the caller's session. */
@ApplicationScoped
public class RegistrationRepository {

    /** @return the registration, or {@code null} */
    public Uni<Registration> find(Mutiny.Session session, String key) {
        return session.find(Registration.class, key);
    }

    /** @return the registration, locked until the transaction ends, or {@code null} */
    public Uni<Registration> lock(Mutiny.Session session, String key) {
        return session.find(Registration.class, key, LockMode.PESSIMISTIC_WRITE);
    }

    /**
     * The keys of IN_PROGRESS registrations whose lease ended before {@code now}, locked until the transaction ends; rows
     * another transaction holds are skipped, so that two instances that look at once take different registrations.
     */
    public Uni<List<String>> lockStale(Mutiny.Session session, Instant now, int limit) {
        return session.createNativeQuery(
                        "SELECT registration_key FROM registration WHERE status = 'IN_PROGRESS' AND lease_until < :now"
                                + " ORDER BY lease_until LIMIT :limit FOR UPDATE SKIP LOCKED",
                        String.class)
                .setParameter("now", now)
                .setParameter("limit", limit)
                .getResultList();
    }

    /** Deletes up to {@code limit} finished (COMPLETE or FAILED) registrations last changed before {@code before}. */
    public Uni<Integer> deleteFinishedBefore(Mutiny.Session session, Instant before, int limit) {
        return session.createNativeQuery(
                        "DELETE FROM registration WHERE registration_key IN (SELECT registration_key FROM registration"
                                + " WHERE status IN ('COMPLETE', 'FAILED') AND updated_at < :before LIMIT :limit)")
                .setParameter("before", before)
                .setParameter("limit", limit)
                .executeUpdate();
    }
}

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

    /**
     * Inserts a new registration unless its key is taken (a concurrent insert of the key is waited for). One statement
     * where a read of the key and the insert took two.
     *
     * @return whether it was inserted
     */
    public Uni<Boolean> insertIfAbsent(Mutiny.Session session, Registration row) {
        return session.createNativeQuery(
                        """
                        INSERT INTO registration (registration_key, plan, thing_id, status, step, lease_token,
                            lease_until, created_at, updated_at)
                        VALUES (:key, :plan, :thingId, :status, :step, :token, :leaseUntil, :created, :updated)
                        ON CONFLICT (registration_key) DO NOTHING""")
                .setParameter("key", row.key())
                .setParameter("plan", row.plan())
                .setParameter("thingId", row.thingId())
                .setParameter("status", row.status().name())
                .setParameter("step", row.step().name())
                .setParameter("token", row.leaseToken())
                .setParameter("leaseUntil", row.leaseUntil())
                .setParameter("created", row.createdAt())
                .setParameter("updated", row.updatedAt())
                .executeUpdate()
                .map(inserted -> inserted > 0);
    }

    /**
     * Writes the state of a row that the run of {@code leaseToken} carries from step to step, if that run still holds
     * it: one statement, where locking and reading the row (its plan too) and writing it took two (a registration
     * changes its row three times).
     *
     * @return whether the run holds it (false: another run took it over, and nothing is written)
     */
    public Uni<Boolean> update(Mutiny.Session session, Registration row, String leaseToken) {
        return session.createNativeQuery(
                        """
                        UPDATE registration SET status = :status, step = :step, certificate_pem = :pem,
                            resource_arns = :arns, error_type = :errorType, error_message = :errorMessage,
                            lease_until = :leaseUntil, updated_at = :updated
                        WHERE registration_key = :key AND lease_token = :token AND status = 'IN_PROGRESS'""")
                .setParameter("status", row.status().name())
                .setParameter("step", row.step().name())
                .setParameter("pem", row.certificatePem())
                .setParameter("arns", row.resourceArns())
                .setParameter("errorType", row.errorType())
                .setParameter("errorMessage", row.errorMessage())
                .setParameter("leaseUntil", row.leaseUntil())
                .setParameter("updated", row.updatedAt())
                .setParameter("key", row.key())
                .setParameter("token", leaseToken)
                .executeUpdate()
                .map(updated -> updated > 0);
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

package io.iotdm.provisioning.store;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.List;
import org.hibernate.LockMode;
import org.hibernate.reactive.mutiny.Mutiny;

/** Registered CA certificates and the account's registration code in PostgreSQL, in the caller's session. */
@ApplicationScoped
public class CaCertificateRepository {

    /** @return the CA certificate, or {@code null} */
    public Uni<CaCertificate> find(Mutiny.Session session, String certificateId) {
        return session.find(CaCertificate.class, certificateId);
    }

    /** @return the CA certificate, share-locked until the transaction ends, or {@code null} */
    public Uni<CaCertificate> share(Mutiny.Session session, String certificateId) {
        return session.find(CaCertificate.class, certificateId, LockMode.PESSIMISTIC_READ);
    }

    /** @return the CA certificate, locked until the transaction ends, or {@code null} */
    public Uni<CaCertificate> lock(Mutiny.Session session, String certificateId) {
        return session.find(CaCertificate.class, certificateId, LockMode.PESSIMISTIC_WRITE);
    }

    /**
     * @return the CA certificates whose canonical subject is {@code subjectKey}, share-locked until the transaction ends:
     *     a certificate registered under one of them sees its status as it stays until the registration commits
     */
    public Uni<List<CaCertificate>> withSubject(Mutiny.Session session, String subjectKey) {
        return session.createSelectionQuery("from CaCertificate where subjectKey = :subject", CaCertificate.class)
                .setParameter("subject", subjectKey)
                .setLockMode(LockModeType.PESSIMISTIC_READ)
                .getResultList();
    }

    /**
     * Serializes the registrations of one subject until the transaction ends: the CAs that share it are counted against
     * the quota before one is added, and a row that does not exist yet cannot be locked.
     */
    public Uni<Void> lockSubject(Mutiny.Session session, String subjectKey) {
        return session.createNativeQuery("SELECT 1 FROM pg_advisory_xact_lock(hashtextextended(:subject, 0))")
                .setParameter("subject", "ca-subject:" + subjectKey)
                .getSingleResult()
                .replaceWithVoid();
    }

    /**
     * @param templateName only the CAs whose registrationConfig names this template, or {@code null} for all
     * @return the page's CA certificates, and one more if there are
     */
    public Uni<List<CaCertificate>> page(
            Mutiny.Session session, String templateName, CreationOrder order, int pageSize) {
        Mutiny.SelectionQuery<CaCertificate> query = session.createSelectionQuery(
                order.query(
                        "CaCertificate",
                        templateName == null ? null : "templateName = :template",
                        "creationDate",
                        "id"),
                CaCertificate.class);
        if (templateName != null) {
            query.setParameter("template", templateName);
        }
        return order.bind(query, pageSize).getResultList();
    }

    /**
     * @return the id of a CA certificate whose registrationConfig names the template (the one registered first), or
     *     {@code null} when none does
     */
    public Uni<String> firstNamingTemplate(Mutiny.Session session, String templateName) {
        return session.createSelectionQuery(
                        "select id from CaCertificate where templateName = :template order by creationDate, id",
                        String.class)
                .setParameter("template", templateName)
                .setMaxResults(1)
                .getResultList()
                .map(ids -> ids.isEmpty() ? null : ids.getFirst());
    }

    /** @return the account's registration code, or {@code null} when it has none */
    public Uni<String> registrationCode(Mutiny.Session session, String accountId) {
        return session.createNativeQuery(
                        "SELECT registration_code FROM registration_code WHERE account_id = :account", String.class)
                .setParameter("account", accountId)
                .getResultList()
                .map(codes -> codes.isEmpty() ? null : codes.getFirst());
    }

    /** Gives the account {@code code} unless it has one already (a concurrent call may have given it one). */
    public Uni<Void> addRegistrationCode(Mutiny.Session session, String accountId, String code, Instant now) {
        return session.createNativeQuery("INSERT INTO registration_code (account_id, registration_code, creation_date)"
                        + " VALUES (:account, :code, :now) ON CONFLICT DO NOTHING")
                .setParameter("account", accountId)
                .setParameter("code", code)
                .setParameter("now", now)
                .executeUpdate()
                .replaceWithVoid();
    }

    /** @return whether the account had a registration code */
    public Uni<Boolean> deleteRegistrationCode(Mutiny.Session session, String accountId) {
        return session.createNativeQuery("DELETE FROM registration_code WHERE account_id = :account")
                .setParameter("account", accountId)
                .executeUpdate()
                .map(deleted -> deleted > 0);
    }
}

package io.iotdm.provisioning.store;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.hibernate.reactive.mutiny.Mutiny;

/** Certificates in PostgreSQL, in the caller's session. */
@ApplicationScoped
public class CertificateRepository {

    /** @return the certificate, or {@code null} */
    public Uni<Certificate> find(Mutiny.Session session, String certificateId) {
        return session.find(Certificate.class, certificateId);
    }

    /**
     * @return the certificate, share-locked until the transaction ends (a deletion waits, and one that committed first
     *     leaves {@code null}), or {@code null}: what attaches something to a certificate reads it so
     */
    public Uni<Certificate> share(Mutiny.Session session, String certificateId) {
        return RowLocks.lock(session, "SELECT 1 FROM certificate WHERE certificate_id = :id FOR SHARE", certificateId)
                .chain(() -> session.find(Certificate.class, certificateId));
    }

    /**
     * Inserts the certificate unless one with its id is stored; its change takes its revision in the same statement.
     * One statement where a read, the insert and the revision's {@code nextval} took three (a registration's
     * certificate, docs/benchmarks.md "RegisterThing").
     *
     * @return the revision of the certificate's {@code created} change, or {@code null} when it was stored already
     */
    public Uni<Long> insertIfAbsent(Mutiny.Session session, Certificate certificate) {
        return session.createNativeQuery(
                        """
                        INSERT INTO certificate (certificate_id, certificate_pem, ca_certificate_id, status,
                            certificate_mode, customer_version, generation_id, not_before, not_after, creation_date,
                            last_modified_date)
                        VALUES (:id, :pem, :ca, :status, :mode, :version, :generation, :notBefore, :notAfter,
                            :created, :modified)
                        ON CONFLICT (certificate_id) DO NOTHING
                        RETURNING nextval('change_revision')""",
                        Long.class)
                .setParameter("id", certificate.id())
                .setParameter("pem", certificate.pem())
                .setParameter("ca", certificate.caCertificateId())
                .setParameter("status", certificate.status().name())
                .setParameter("mode", certificate.mode().name())
                .setParameter("version", certificate.customerVersion())
                .setParameter("generation", certificate.generationId())
                .setParameter("notBefore", certificate.notBefore())
                .setParameter("notAfter", certificate.notAfter())
                .setParameter("created", certificate.creationDate())
                .setParameter("modified", certificate.lastModifiedDate())
                .getResultList()
                .map(ProvisioningTransactions::revision);
    }

    /** @return the certificate, locked until the transaction ends, or {@code null} (locked as {@link RowLocks} says) */
    public Uni<Certificate> lock(Mutiny.Session session, String certificateId) {
        return RowLocks.lock(
                        session,
                        "SELECT 1 FROM certificate WHERE certificate_id = :id FOR NO KEY UPDATE",
                        certificateId)
                .chain(() -> session.find(Certificate.class, certificateId));
    }

    /**
     * @param caCertificateId only the certificates of this CA, or {@code null} for all
     * @return the page's certificates, and one more if there are
     */
    public Uni<List<Certificate>> page(
            Mutiny.Session session, String caCertificateId, CreationOrder order, int pageSize) {
        Mutiny.SelectionQuery<Certificate> query = session.createSelectionQuery(
                order.query(
                        "Certificate", caCertificateId == null ? null : "caCertificateId = :ca", "creationDate", "id"),
                Certificate.class);
        if (caCertificateId != null) {
            query.setParameter("ca", caCertificateId);
        }
        return order.bind(query, pageSize).getResultList();
    }
}

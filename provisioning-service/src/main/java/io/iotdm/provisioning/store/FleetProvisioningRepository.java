package io.iotdm.provisioning.store;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import org.hibernate.reactive.mutiny.Mutiny;

/** Provisioning claims and the answered certificate requests of devices, in the caller's session. */
@ApplicationScoped
public class FleetProvisioningRepository {

    /** @return the claim, or {@code null} */
    public Uni<ProvisioningClaim> claim(Mutiny.Session session, String certificateId) {
        return session.find(ProvisioningClaim.class, certificateId);
    }

    /** @return the request answered under this message id, or {@code null} */
    public Uni<DeviceCertificateRequest> certificateRequest(Mutiny.Session session, String messageId) {
        return session.find(DeviceCertificateRequest.class, messageId);
    }

    /** Forgets the claims expired before {@code now}. @return how many */
    public Uni<Integer> deleteClaimsExpiredBefore(Mutiny.Session session, Instant now) {
        return session.createNativeQuery("DELETE FROM provisioning_claim WHERE expiration < :now")
                .setParameter("now", now)
                .executeUpdate();
    }

    /** How many certificates the requests made with this claim certificate since {@code since} made. */
    public Uni<Long> certificatesRequestedWith(Mutiny.Session session, String claimCertificateId, Instant since) {
        return session.createNativeQuery(
                        "SELECT count(*) FROM device_certificate_request"
                                + " WHERE claim_certificate_id = :claim AND created_at >= :since",
                        Long.class)
                .setParameter("claim", claimCertificateId)
                .setParameter("since", since)
                .getSingleResult();
    }

    /** Up to {@code limit} requests made before {@code before}, oldest first. */
    public Uni<List<DeviceCertificateRequest>> certificateRequestsBefore(
            Mutiny.Session session, Instant before, int limit) {
        return session.createQuery(
                        "FROM DeviceCertificateRequest WHERE createdAt < :before ORDER BY createdAt",
                        DeviceCertificateRequest.class)
                .setParameter("before", before)
                .setMaxResults(limit)
                .getResultList();
    }

    /** Forgets the answer of one request. */
    public Uni<Integer> deleteCertificateRequest(Mutiny.Session session, String messageId) {
        return session.createNativeQuery("DELETE FROM device_certificate_request WHERE message_id = :id")
                .setParameter("id", messageId)
                .executeUpdate();
    }
}

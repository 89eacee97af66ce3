package io.iotdm.provisioning.store;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
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

    /** Forgets the answers of requests made before {@code before}. @return how many */
    public Uni<Integer> deleteCertificateRequestsBefore(Mutiny.Session session, Instant before) {
        return session.createNativeQuery("DELETE FROM device_certificate_request WHERE created_at < :before")
                .setParameter("before", before)
                .executeUpdate();
    }
}

package io.iotdm.provisioning.certificate;

import io.iotdm.aws.protocol.Arns;
import io.iotdm.aws.protocol.AwsServiceException;
import io.iotdm.aws.protocol.PaginationTokens;
import io.iotdm.aws.service.AwsErrors;
import io.iotdm.aws.service.Page;
import io.iotdm.events.ProvisioningChanges.ResourceType;
import io.iotdm.outbox.Outcome;
import io.iotdm.provisioning.store.Certificate;
import io.iotdm.provisioning.store.Certificate.Status;
import io.iotdm.provisioning.store.CertificateRepository;
import io.iotdm.provisioning.store.CreationOrder;
import io.iotdm.provisioning.store.PolicyRepository;
import io.iotdm.provisioning.store.ProvisioningTransactions;
import io.iotdm.provisioning.store.ThingPrincipalRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Device certificates once they exist (docs/aws-behaviour.md §6.1): describe, list, status changes and deletion. A
 * status change or a deletion publishes a {@link ResourceType#CERTIFICATE} change, on which a device gateway closes
 * the sessions of a certificate that is no longer ACTIVE.
 */
@ApplicationScoped
public class CertificateService {

    /** The statuses a caller may set; the others are IoT's own (a transfer, a JITR registration). */
    private static final Set<Status> SETTABLE = EnumSet.of(Status.ACTIVE, Status.INACTIVE, Status.REVOKED);

    private final ProvisioningTransactions transactions;
    private final CertificateRepository certificates;
    private final PolicyRepository policies;
    private final ThingPrincipalRepository thingPrincipals;
    private final AwsErrors errors;
    private final Arns arns;
    private final PaginationTokens tokens;
    private final Clock clock = Clock.systemUTC();

    CertificateService(
            ProvisioningTransactions transactions,
            CertificateRepository certificates,
            PolicyRepository policies,
            ThingPrincipalRepository thingPrincipals,
            AwsErrors errors,
            Arns arns,
            PaginationTokens tokens) {
        this.transactions = transactions;
        this.certificates = certificates;
        this.policies = policies;
        this.thingPrincipals = thingPrincipals;
        this.errors = errors;
        this.arns = arns;
        this.tokens = tokens;
    }

    public Uni<Certificate> describe(String certificateId) {
        String id = normalized(certificateId);
        return transactions.read(session -> found(certificates.find(session, id)));
    }

    /** @param caCertificateId only the certificates this registered CA issued, or {@code null} for all */
    public Uni<Page<Certificate>> list(String caCertificateId, String marker, int pageSize, boolean ascending) {
        String ca = caCertificateId == null ? null : normalized(caCertificateId);
        String operation = ca == null ? "ListCertificates" : "ListCertificatesByCA";
        CreationOrder order =
                CreationOrder.of(tokens, operation, ca == null ? Map.of() : Map.of("ca", ca), marker, ascending);
        return transactions.read(session -> certificates
                .page(session, ca, order, pageSize)
                .map(found -> order.page(found, pageSize, tokens, Certificate::creationDate, Certificate::id)));
    }

    /**
     * Sets ACTIVE, INACTIVE or REVOKED. A REVOKED certificate stays revoked and one being transferred cannot change
     * (CertificateStateException, 406); PENDING_TRANSFER, PENDING_ACTIVATION and REGISTER_INACTIVE are IoT's own
     * statuses (InvalidRequestException).
     */
    public Uni<Void> updateStatus(String certificateId, String newStatus) {
        Status status = settableStatus(errors, newStatus);
        String id = normalized(certificateId);
        return transactions.commit(session -> changeStatus(session, id, status));
    }

    /** UpdateCertificate's change, in the caller's transaction (a registration's template {@code Status}). */
    public Uni<Outcome<Void>> changeStatus(Mutiny.Session session, String certificateId, Status status) {
        String id = normalized(certificateId);
        Instant now = clock.instant();
        return found(certificates.lock(session, id)).chain(certificate -> {
            if (certificate.status() == status) {
                return Uni.createFrom().item(new Outcome<Void>(null, List.of()));
            }
            if (certificate.status() == Status.REVOKED) {
                throw stateError("Certificate is revoked; a revoked certificate cannot change status.", id);
            }
            if (certificate.status() == Status.PENDING_TRANSFER) {
                throw stateError("Certificate is pending transfer; accept, reject or cancel the transfer first.", id);
            }
            certificate.changeStatus(status, now);
            return session.flush()
                    .chain(() -> ProvisioningTransactions.change(session, ResourceType.CERTIFICATE, id, status.name()))
                    .map(event -> new Outcome<Void>(null, List.of(event)));
        });
    }

    /**
     * Deletes a certificate that is not ACTIVE and has no things attached; its policies must be detached too, unless
     * {@code forceDelete}, which detaches them.
     */
    public Uni<Void> delete(String certificateId, boolean forceDelete) {
        String id = normalized(certificateId);
        String arn = arns.certificate(id);
        return transactions.commit(session -> found(certificates.lock(session, id))
                .call(certificate -> {
                    if (certificate.status() == Status.ACTIVE) {
                        throw stateError("Certificate must be deactivated (not ACTIVE) before deletion.", id);
                    }
                    return thingPrincipals.hasThings(session, arn).invoke(attached -> {
                        if (attached) {
                            throw errors.iot(
                                    "DeleteConflictException",
                                    "Things must be detached before deletion (arn: " + arn + ")");
                        }
                    });
                })
                .call(certificate -> policies.attachedTo(session, arn).chain(attached -> {
                    if (attached.isEmpty()) {
                        return Uni.createFrom().voidItem();
                    }
                    if (!forceDelete) {
                        throw errors.iot(
                                "DeleteConflictException",
                                "Certificate policies must be detached before deletion (arn: " + arn + ")");
                    }
                    return policies.detachAll(session, arn).replaceWithVoid();
                }))
                .chain(certificate -> session.remove(certificate)
                        .call(session::flush)
                        .chain(() -> ProvisioningTransactions.change(session, ResourceType.CERTIFICATE, id, "deleted"))
                        .map(event -> new Outcome<Void>(null, new ArrayList<>(List.of(event))))));
    }

    /**
     * @param status a value of the model's CertificateStatus (checked before the handler runs)
     * @return it, if a caller may set it (UpdateCertificate, RegisterCertificate's {@code status}); otherwise
     *     InvalidRequestException
     */
    public static Status settableStatus(AwsErrors errors, String status) {
        Status settable = Status.valueOf(status);
        if (!SETTABLE.contains(settable)) {
            throw errors.invalidRequest(
                    "The certificate status can only be set to ACTIVE, INACTIVE or REVOKED, not " + status);
        }
        return settable;
    }

    /** AWS's ids are lower-case hex; the model lets a caller send upper case (and a 0x prefix, within 64 characters). */
    static String normalized(String certificateId) {
        return certificateId.toLowerCase(Locale.ROOT);
    }

    private Uni<Certificate> found(Uni<Certificate> certificate) {
        return certificate
                .onItem()
                .ifNull()
                .failWith(() -> errors.resourceNotFound("The specified resource does not exist"));
    }

    private AwsServiceException stateError(String message, String id) {
        return errors.iot("CertificateStateException", message + " Id: " + id);
    }

    /** A {@link ResourceType#CERTIFICATE} change of the certificate, numbered in the session's transaction. */
}

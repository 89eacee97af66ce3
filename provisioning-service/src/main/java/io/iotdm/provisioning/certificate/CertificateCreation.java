package io.iotdm.provisioning.certificate;

import io.iotdm.aws.protocol.Arns;
import io.iotdm.aws.protocol.AwsServiceException;
import io.iotdm.aws.service.AwsErrors;
import io.iotdm.events.ProvisioningChanges.ResourceType;
import io.iotdm.outbox.Outcome;
import io.iotdm.provisioning.store.Certificate;
import io.iotdm.provisioning.store.Certificate.Mode;
import io.iotdm.provisioning.store.Certificate.Status;
import io.iotdm.provisioning.store.CertificateRepository;
import io.iotdm.provisioning.store.ProvisioningTransactions;
import io.iotdm.x509.CertificateRegistration;
import io.iotdm.x509.DeviceKeyPair;
import io.iotdm.x509.IotCertificate;
import io.iotdm.x509.IssuingCa;
import io.iotdm.x509.Pem;
import io.iotdm.x509.X509Exception;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * New device certificates (docs/aws-behaviour.md §6.1): issued by iotdm's CA for a key it generates
 * (CreateKeysAndCertificate) or for a CSR (CreateCertificateFromCsr), or registered as the caller made it
 * (RegisterCertificateWithoutCA). Each is stored with a {@code created} {@link
 * io.iotdm.events.ProvisioningChanges.ResourceType#CERTIFICATE} change in one transaction. A refusal of platform/x509
 * is the AWS error it names ({@link X509Exception#errorShape()}), and nothing is written.
 */
@ApplicationScoped
public class CertificateCreation {

    /** A certificate iotdm issued for a key pair it generated: the private key is answered once and not kept. */
    public record IssuedKeys(Certificate certificate, DeviceKeyPair keys) {}

    /** A key pair iotdm generated and its certificate of iotdm's CA, not stored (a provisioning claim's). */
    public record KeysAndCertificate(IotCertificate certificate, DeviceKeyPair keys) {}

    private final ProvisioningTransactions transactions;
    private final CertificateRepository certificates;
    private final IssuingCa ca;
    private final Vertx vertx;
    private final AwsErrors errors;
    private final Arns arns;
    private final Clock clock = Clock.systemUTC();

    CertificateCreation(
            ProvisioningTransactions transactions,
            CertificateRepository certificates,
            IssuingCa ca,
            Vertx vertx,
            AwsErrors errors,
            Arns arns) {
        this.transactions = transactions;
        this.certificates = certificates;
        this.ca = ca;
        this.vertx = vertx;
        this.errors = errors;
        this.arns = arns;
    }

    /** CreateKeysAndCertificate: an RSA-2048 key pair and its certificate, subject {@code CN=AWS IoT Certificate}. */
    public Uni<IssuedKeys> createKeysAndCertificate(boolean setAsActive) {
        return issueKeys(setAsActive ? Status.ACTIVE : Status.INACTIVE)
                .call(issued -> transactions.commit(session -> store(session, issued.certificate())));
    }

    /**
     * As CreateKeysAndCertificate, with {@code status}, not stored: the caller stores it ({@link #store}) in a
     * transaction of its own (fleet provisioning's {@code $aws/certificates/create}, PENDING_ACTIVATION).
     */
    public Uni<IssuedKeys> issueKeys(Status status) {
        return issueKeys(IssuingCa.NOT_AFTER)
                .map(issued -> new IssuedKeys(certificate(issued.certificate(), status), issued.keys()));
    }

    /** A new RSA-2048 key pair and its certificate (subject {@code CN=AWS IoT Certificate}) valid until {@code notAfter}. */
    public Uni<KeysAndCertificate> issueKeys(Instant notAfter) {
        return offEventLoop(() -> {
            DeviceKeyPair keys = DeviceKeyPair.generateRsa2048();
            return new KeysAndCertificate(
                    ca.issue(keys.publicKey(), IssuingCa.KEYS_AND_CERTIFICATE_SUBJECT, notAfter, now()), keys);
        });
    }

    /** CreateCertificateFromCsr: every call issues a new certificate, even for the same CSR (a new serial number). */
    public Uni<Certificate> createFromCsr(String certificateSigningRequest, boolean setAsActive) {
        return issueForCsr(certificateSigningRequest)
                .chain(pem -> transactions.commit(
                        session -> storeIssued(session, pem, setAsActive ? Status.ACTIVE : Status.INACTIVE)));
    }

    /**
     * A certificate of iotdm's CA for the CSR, not stored yet: a registration keeps it and stores it later
     * ({@link #storeIssued}), so that a resumed registration stores the certificate it issued first and no other.
     *
     * @return the certificate's PEM
     */
    public Uni<String> issueForCsr(String certificateSigningRequest) {
        return offEventLoop(() -> ca.issue(
                        Pem.certificateSigningRequest("certificateSigningRequest", certificateSigningRequest), now())
                .pem());
    }

    /** Stores a certificate {@link #issueForCsr} issued, in the caller's transaction, with its change event. */
    public Uni<Outcome<Certificate>> storeIssued(Mutiny.Session session, String pem, Status status) {
        return store(session, certificate(Pem.certificate("certificatePem", pem), status));
    }

    /**
     * Stores a certificate {@link #issueForCsr} issued unless it is stored (a run resumed after another stored it), in
     * the caller's transaction, with its change event when it is new: a registration's.
     *
     * @return whether this transaction stored it: it then holds a row no other transaction sees before it commits
     */
    public Uni<Outcome<Boolean>> storeIssuedIfAbsent(Mutiny.Session session, IotCertificate issued, Status status) {
        Certificate certificate = certificate(issued, status);
        return certificates
                .insertIfAbsent(session, certificate)
                .map(revision -> new Outcome<>(
                        revision != null,
                        ProvisioningTransactions.changes(
                                ResourceType.CERTIFICATE, certificate.id(), "created", revision)));
    }

    /**
     * RegisterCertificateWithoutCA: SNI_ONLY (the model's {@code certificateMode}: a certificate registered without an
     * issuer CA), no {@code caCertificateId}; {@code status} INACTIVE unless given.
     *
     * @param status {@code null}, or one a caller may set (ACTIVE, INACTIVE, REVOKED)
     */
    public Uni<Certificate> registerWithoutCa(String certificatePem, String status) {
        Status initial = status == null ? Status.INACTIVE : CertificateService.settableStatus(errors, status);
        Instant now = now();
        IotCertificate registered = X509Refusals.checked(errors, () -> {
            IotCertificate certificate = Pem.certificate("certificatePem", certificatePem);
            CertificateRegistration.checkCertificate(certificate, now);
            return certificate;
        });
        Certificate certificate = new Certificate(
                registered.certificateId(),
                registered.pem(),
                null,
                initial,
                Mode.SNI_ONLY,
                registered.notBefore(),
                registered.notAfter(),
                now);
        return transactions
                .<Certificate>commit(
                        session -> certificates.find(session, certificate.id()).chain(existing -> {
                            if (existing != null) {
                                throw alreadyRegistered(certificate.id());
                            }
                            return store(session, certificate);
                        }))
                .onFailure(failure -> "23505".equals(ProvisioningTransactions.sqlState(failure)))
                .transform(failure -> alreadyRegistered(certificate.id())); // registered by a concurrent call
    }

    /**
     * Key generation costs tens of milliseconds of a core (platform/x509 README, "Cost") and issuance about one:
     * neither may hold the event loop. Vert.x's worker pool runs them unordered (in parallel) and answers on the
     * caller's context, where the session of the transaction that follows must run.
     */
    private <T> Uni<T> offEventLoop(Supplier<T> work) {
        return vertx.executeBlocking(Uni.createFrom().item(() -> X509Refusals.checked(errors, work)), false);
    }

    /**
     * A certificate iotdm's CA issued: DEFAULT mode. No {@code caCertificateId}: AWS's issuing CA is not one of the
     * account's registered CAs, so iotdm's is not either (docs/aws-behaviour.md §6.1).
     */
    private Certificate certificate(IotCertificate certificate, Status status) {
        return new Certificate(
                certificate.certificateId(),
                certificate.pem(),
                null,
                status,
                Mode.DEFAULT,
                certificate.notBefore(),
                certificate.notAfter(),
                now());
    }

    /** Stores a new certificate in the caller's transaction, with its {@code created} change event. */
    public Uni<Outcome<Certificate>> store(Mutiny.Session session, Certificate certificate) {
        return session.persist(certificate)
                .call(session::flush)
                .chain(() ->
                        ProvisioningTransactions.change(session, ResourceType.CERTIFICATE, certificate.id(), "created"))
                .map(event -> new Outcome<>(certificate, List.of(event)));
    }

    private AwsServiceException alreadyRegistered(String certificateId) {
        return errors.resourceAlreadyExists(
                "The certificate is already provisioned or registered", certificateId, arns.certificate(certificateId));
    }

    private Instant now() {
        return clock.instant();
    }
}

package io.iotdm.provisioning.ca;

import io.iotdm.aws.protocol.Arns;
import io.iotdm.aws.protocol.AwsServiceException;
import io.iotdm.aws.service.AwsErrors;
import io.iotdm.events.ProvisioningChanges.ResourceType;
import io.iotdm.outbox.Outcome;
import io.iotdm.provisioning.certificate.CertificateService;
import io.iotdm.provisioning.certificate.X509Refusals;
import io.iotdm.provisioning.store.CaCertificate;
import io.iotdm.provisioning.store.CaCertificateRepository;
import io.iotdm.provisioning.store.Certificate;
import io.iotdm.provisioning.store.Certificate.Status;
import io.iotdm.provisioning.store.CertificateRepository;
import io.iotdm.provisioning.store.ProvisioningTransactions;
import io.iotdm.x509.CertificateRegistration;
import io.iotdm.x509.IotCertificate;
import io.iotdm.x509.Pem;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * RegisterCertificate (docs/aws-behaviour.md §6.1, §6.2): a device certificate signed by a registered, ACTIVE CA goes
 * into the certificates with that CA's id and certificate mode, so that DescribeCertificate and ListCertificatesByCA
 * show it. It publishes a {@link ResourceType#CERTIFICATE} change.
 */
@ApplicationScoped
public class DeviceCertificateRegistration {

    /** The statuses a registration may give; the others are IoT's own (a transfer, a JITR registration). */
    private final ProvisioningTransactions transactions;

    private final CertificateRepository certificates;
    private final CaCertificateRepository cas;
    private final AwsErrors errors;
    private final Arns arns;
    private final Clock clock = Clock.systemUTC();

    DeviceCertificateRegistration(
            ProvisioningTransactions transactions,
            CertificateRepository certificates,
            CaCertificateRepository cas,
            AwsErrors errors,
            Arns arns) {
        this.transactions = transactions;
        this.certificates = certificates;
        this.cas = cas;
        this.errors = errors;
        this.arns = arns;
    }

    /**
     * @param caCertificatePem the CA that signed it, or {@code null} to find it among the registered CAs whose subject
     *     is its issuer
     * @param status the member {@code status}, or {@code null}
     * @param setAsActive the deprecated query flag: ACTIVE when no status is given
     * @return the registered certificate
     */
    public Uni<Certificate> register(
            String certificatePem, String caCertificatePem, String status, boolean setAsActive) {
        Status initial = initialStatus(status, setAsActive);
        Instant now = clock.instant();
        // checked before the question whether it is registered already, as before the registration's own checks
        String id = X509Refusals.checked(errors, () -> {
                    IotCertificate parsed = Pem.certificate("certificatePem", certificatePem);
                    CertificateRegistration.checkCertificate(parsed, now);
                    return parsed;
                })
                .certificateId();
        return transactions
                .<Certificate>commit(session -> certificates.find(session, id).chain(existing -> {
                    if (existing != null) {
                        throw alreadyRegistered(id);
                    }
                    return register(session, certificatePem, caCertificatePem, initial);
                }))
                .onFailure(failure -> "23505".equals(ProvisioningTransactions.sqlState(failure)))
                .transform(failure -> alreadyRegistered(id)); // registered by a concurrent call since this one looked
    }

    /**
     * RegisterCertificate's registration, in the caller's transaction (a registration's {@code CertificatePem}): checks
     * the certificate and its CA and stores it with its change event; the caller has made sure that it is not
     * registered yet.
     */
    public Uni<Outcome<Certificate>> register(
            Mutiny.Session session, String certificatePem, String caCertificatePem, Status initial) {
        Instant now = clock.instant();
        IotCertificate device = X509Refusals.checked(errors, () -> {
            IotCertificate parsed = Pem.certificate("certificatePem", certificatePem);
            CertificateRegistration.checkCertificate(parsed, now);
            return parsed;
        });
        IotCertificate namedCa = caCertificatePem == null
                ? null
                : X509Refusals.checked(errors, () -> Pem.certificate("caCertificatePem", caCertificatePem));
        String id = device.certificateId();
        return (namedCa == null
                        ? issuerAmongRegistered(session, device, now)
                        : namedIssuer(session, device, namedCa, now))
                .chain(ca -> {
                    if (ca.status() != CaCertificate.Status.ACTIVE) {
                        throw errors.iot(
                                "CertificateStateException",
                                "The CA certificate " + ca.id() + " that signed certificatePem is "
                                        + ca.status() + "; certificates are registered under an ACTIVE CA"
                                        + " (UpdateCACertificate)");
                    }
                    Certificate certificate = new Certificate(
                            id, device.pem(), ca.id(), initial, ca.mode(), device.notBefore(), device.notAfter(), now);
                    return session.persist(certificate)
                            .call(session::flush)
                            .chain(() -> ProvisioningTransactions.change(
                                    session, ResourceType.CERTIFICATE, id, "registered " + initial))
                            .map(event -> new Outcome<>(certificate, List.of(event)));
                });
    }

    /** The CA the caller named: it must be registered and have signed the certificate. */
    private Uni<CaCertificate> namedIssuer(
            Mutiny.Session session, IotCertificate device, IotCertificate namedCa, Instant now) {
        return cas.share(session, namedCa.certificateId()).map(ca -> {
            if (ca == null) {
                throw errors.iot(
                        "CertificateValidationException",
                        "The certificate is invalid: caCertificatePem is not a registered CA certificate (id "
                                + namedCa.certificateId() + "); register it with RegisterCACertificate first");
            }
            X509Refusals.check(errors, () -> CertificateRegistration.checkIssuedBy(device, namedCa, now));
            return ca;
        });
    }

    /**
     * The registered CA whose subject is the certificate's issuer and whose key verifies it; several that verify (the
     * same subject and key) are CertificateConflictException, to be told apart with caCertificatePem.
     */
    private Uni<CaCertificate> issuerAmongRegistered(Mutiny.Session session, IotCertificate device, Instant now) {
        return cas.withSubject(session, device.issuerKey()).map(candidates -> {
            IotCertificate issuer = X509Refusals.checked(
                    errors,
                    () -> CertificateRegistration.issuingCa(
                            device,
                            candidates.stream()
                                    .map(ca -> Pem.certificate("the registered CA " + ca.id(), ca.pem()))
                                    .toList(),
                            now));
            return candidates.stream()
                    .filter(ca -> ca.id().equals(issuer.certificateId()))
                    .findFirst()
                    .orElseThrow();
        });
    }

    /**
     * {@code status} when given, else ACTIVE with {@code setAsActive}, else INACTIVE. Only ACTIVE, INACTIVE and REVOKED
     * may be given; {@code setAsActive} with another status contradicts it.
     */
    private Status initialStatus(String status, boolean setAsActive) {
        if (status == null) {
            return setAsActive ? Status.ACTIVE : Status.INACTIVE;
        }
        Status given = CertificateService.settableStatus(errors, status);
        if (setAsActive && given != Status.ACTIVE) {
            throw errors.invalidRequest("setAsActive asks for ACTIVE but status is " + status + "; give one of them");
        }
        return given;
    }

    private AwsServiceException alreadyRegistered(String id) {
        return errors.resourceAlreadyExists(
                "The certificate is already provisioned or registered", id, arns.certificate(id));
    }
}

package io.iotdm.provisioning.justintime;

import io.iotdm.aws.protocol.Arns;
import io.iotdm.aws.protocol.AwsServiceException;
import io.iotdm.events.CertificateEvents;
import io.iotdm.events.Event;
import io.iotdm.outbox.Outcome;
import io.iotdm.provisioning.ca.DeviceCertificateRegistration;
import io.iotdm.provisioning.store.CaCertificate;
import io.iotdm.provisioning.store.CaCertificateRepository;
import io.iotdm.provisioning.store.Certificate;
import io.iotdm.provisioning.store.CertificateRepository;
import io.iotdm.provisioning.store.ProvisioningTransactions;
import io.iotdm.x509.CertificateRegistration;
import io.iotdm.x509.IotCertificate;
import io.iotdm.x509.Pem;
import io.iotdm.x509.X509Exception;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.List;
import java.util.stream.Stream;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

/**
 * What a certificate presented at CONNECT gets before the gateway is told who it is (docs/aws-behaviour.md §6.3): a
 * registered certificate that is not PENDING_ACTIVATION nothing; an unknown one signed by a registered CA that is ACTIVE
 * and auto-registers is registered PENDING_ACTIVATION, as RegisterCertificate registers it under that CA; then, while
 * it is PENDING_ACTIVATION under such a CA, JITR publishes the registered event on each presentation and JITP
 * provisions it ({@link JustInTimeProvisioning}). A refusal (a certificate RegisterCertificate would refuse, a template
 * that cannot provision it) is logged and leaves the certificate as it is, so the connection is refused as unknown or
 * PENDING_ACTIVATION; an unavailable database or peer fails the question (the gateway answers "server unavailable").
 */
@ApplicationScoped
public class JustInTimeRegistration {

    private static final Logger LOG = Logger.getLogger(JustInTimeRegistration.class);

    /** The certificate as stored, and the CA that decides what it gets (none: nothing). */
    private record Presented(Certificate certificate, CaCertificate ca) {}

    private final ProvisioningTransactions transactions;
    private final CertificateRepository certificates;
    private final CaCertificateRepository cas;
    private final DeviceCertificateRegistration registration;
    private final JustInTimeProvisioning provisioning;
    private final CertificateEvents events;
    private final Clock clock = Clock.systemUTC();

    JustInTimeRegistration(
            ProvisioningTransactions transactions,
            CertificateRepository certificates,
            CaCertificateRepository cas,
            DeviceCertificateRegistration registration,
            JustInTimeProvisioning provisioning,
            Arns arns) {
        this.transactions = transactions;
        this.certificates = certificates;
        this.cas = cas;
        this.registration = registration;
        this.provisioning = provisioning;
        this.events = new CertificateEvents(arns.account());
    }

    /** Completes once the presented certificate has what it gets; the caller then reads it as it is. */
    public Uni<Void> presented(IotCertificate device) {
        return transactions.read(session -> find(session, device)).chain(found -> {
            if (found.ca() == null) {
                return Uni.createFrom().voidItem();
            }
            if (found.certificate() == null) {
                return register(device, found.ca())
                        // registered by a concurrent CONNECT since this one looked: this one finds it pending
                        .onFailure(failure -> "23505".equals(ProvisioningTransactions.sqlState(failure)))
                        .recoverWithUni(() -> transactions
                                .read(session -> find(session, device))
                                .chain(registered -> pending(device, registered)));
            }
            return pending(device, found);
        });
    }

    /**
     * The certificate, and its CA when that CA auto-registers: the one it was registered under, or for an unknown
     * certificate the registered CA that signed it.
     */
    private Uni<Presented> find(Mutiny.Session session, IotCertificate device) {
        return certificates.find(session, device.certificateId()).chain(certificate -> {
            if (certificate != null) {
                if (certificate.status() != Certificate.Status.PENDING_ACTIVATION
                        || certificate.caCertificateId() == null) {
                    return Uni.createFrom().item(new Presented(certificate, null));
                }
                return cas.find(session, certificate.caCertificateId())
                        .map(ca -> new Presented(certificate, autoRegistering(ca)));
            }
            return cas.withSubject(session, device.issuerKey())
                    .map(candidates -> new Presented(null, autoRegistering(signer(device, candidates))));
        });
    }

    /** The registered CA that signed the certificate, or {@code null} when none did (an unknown certificate). */
    private CaCertificate signer(IotCertificate device, List<CaCertificate> candidates) {
        if (candidates.isEmpty()) {
            return null;
        }
        try {
            IotCertificate issuer = CertificateRegistration.issuingCa(
                    device,
                    candidates.stream()
                            .map(ca -> Pem.certificate("the registered CA " + ca.id(), ca.pem()))
                            .toList(),
                    clock.instant());
            return candidates.stream()
                    .filter(ca -> ca.id().equals(issuer.certificateId()))
                    .findFirst()
                    .orElseThrow();
        } catch (X509Exception refused) {
            LOG.infof(
                    "Certificate %s is not registered just in time: %s", device.certificateId(), refused.getMessage());
            return null;
        }
    }

    private static CaCertificate autoRegistering(CaCertificate ca) {
        return ca != null
                        && ca.status() == CaCertificate.Status.ACTIVE
                        && ca.autoRegistration() == CaCertificate.AutoRegistration.ENABLE
                ? ca
                : null;
    }

    /**
     * RegisterCertificate's registration under the CA, PENDING_ACTIVATION, with JITR's event when the CA has no
     * registrationConfig (one transaction), then JITP when it has one. A refusal registers nothing.
     */
    private Uni<Void> register(IotCertificate device, CaCertificate ca) {
        boolean provisioned = ca.registrationConfig() != null;
        return transactions
                .<Certificate>commit(session -> registration
                        .register(session, device.pem(), ca.pem(), Certificate.Status.PENDING_ACTIVATION)
                        .chain(registered -> provisioned
                                ? Uni.createFrom().item(registered)
                                : announcement(session, registered.result(), ca)
                                        .map(event -> new Outcome<>(
                                                registered.result(),
                                                Stream.concat(registered.events().stream(), Stream.of(event))
                                                        .toList()))))
                .onFailure(failure -> failure instanceof AwsServiceException refusal && refusal.httpStatus() < 500)
                .recoverWithItem(refusal -> {
                    LOG.infof(
                            "Certificate %s is not registered just in time under CA %s: %s",
                            device.certificateId(), ca.id(), refusal.getMessage());
                    return null;
                })
                .chain(certificate -> {
                    if (certificate == null) {
                        return Uni.createFrom().voidItem();
                    }
                    LOG.infof(
                            "Certificate %s registered PENDING_ACTIVATION under CA %s (%s)",
                            certificate.id(), ca.id(), provisioned ? "JITP" : "JITR");
                    return provisioned
                            ? provisioning.provision(device, ca)
                            : Uni.createFrom().voidItem();
                });
    }

    /** A PENDING_ACTIVATION certificate under an auto-registering CA: JITP when the CA names a template, else JITR. */
    private Uni<Void> pending(IotCertificate device, Presented presented) {
        if (presented.certificate() == null || presented.ca() == null) {
            return Uni.createFrom().voidItem();
        }
        if (presented.ca().registrationConfig() != null) {
            return provisioning.provision(device, presented.ca());
        }
        return announce(presented.certificate(), presented.ca());
    }

    /** JITR's event again: the certificate is presented while it waits for the account's handler. */
    private Uni<Void> announce(Certificate certificate, CaCertificate ca) {
        return transactions.commit(session ->
                announcement(session, certificate, ca).map(event -> new Outcome<Void>(null, List.of(event))));
    }

    /** JITR: {@code $aws/events/certificates/registered/{caCertificateId}} for the account's handler. */
    private Uni<Event> announcement(Mutiny.Session session, Certificate certificate, CaCertificate ca) {
        return ProvisioningTransactions.nextRevision(session)
                .map(revision -> events.registered(
                        certificate.id(), ca.id(), revision, certificate.creationDate(), clock.instant()));
    }
}

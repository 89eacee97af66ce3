package io.iotdm.provisioning.registration;

import io.iotdm.aws.protocol.Arns;
import io.iotdm.aws.service.AwsErrors;
import io.iotdm.events.Event;
import io.iotdm.grpc.registry.v1.ThingSummary;
import io.iotdm.outbox.Outcome;
import io.iotdm.provisioning.attachment.PolicyAttachmentService;
import io.iotdm.provisioning.ca.DeviceCertificateRegistration;
import io.iotdm.provisioning.certificate.CertificateCreation;
import io.iotdm.provisioning.certificate.CertificateService;
import io.iotdm.provisioning.peer.RegistryThings;
import io.iotdm.provisioning.policy.PolicyService;
import io.iotdm.provisioning.principal.ThingPrincipalService;
import io.iotdm.provisioning.store.Certificate;
import io.iotdm.provisioning.store.CertificateRepository;
import io.iotdm.provisioning.store.PolicyRepository;
import io.iotdm.provisioning.store.ProvisioningTransactions;
import io.iotdm.provisioning.store.Registration;
import io.iotdm.provisioning.store.RegistrationRepository;
import io.iotdm.provisioning.store.ThingPrincipal;
import io.iotdm.provisioning.template.OverrideSetting;
import io.iotdm.provisioning.template.ProvisioningPlan;
import io.iotdm.provisioning.template.ProvisioningPlan.CertificatePlan;
import io.iotdm.provisioning.template.ProvisioningPlan.CertificateSource;
import io.iotdm.provisioning.template.ProvisioningPlan.PolicyPlan;
import io.iotdm.x509.IotCertificate;
import io.iotdm.x509.Pem;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * The last step of a registration, one transaction: the certificate (stored, registered or given the template's
 * status), the policies (created when given by document) and their attachments to the certificate, the certificate
 * attached to the thing, and the registration marked COMPLETE, with every change event. So a device never has a
 * certificate without its policies or its thing; each part goes through the operation's own rules (CreatePolicy,
 * AttachPolicy, AttachThingPrincipal, UpdateCertificate, RegisterCertificate). A certificate this transaction has just
 * stored (a CSR's) is invisible to every other transaction until the commit, so its attachments skip the locks and
 * reads that guard a certificate others can see: the transaction takes 8 statements for a template of a thing, a CSR
 * and a policy where it took 22 (docs/benchmarks.md, "RegisterThing").
 */
@ApplicationScoped
class RegistrationCommit {

    /** Another run holds the registration: this one stops and leaves it to it. */
    static final class LeaseLost extends RuntimeException {
        LeaseLost() {
            super("another run holds the registration", null, false, false);
        }

        /** The answer of a write whose WHERE checked the lease ({@link RegistrationRepository#update}). */
        static void unlessHeld(boolean held) {
            if (!held) {
                throw new LeaseLost();
            }
        }
    }

    private final ProvisioningTransactions transactions;
    private final RegistrationRepository registrations;
    private final CertificateRepository certificates;
    private final CertificateCreation creation;
    private final CertificateService certificateRules;
    private final DeviceCertificateRegistration deviceRegistration;
    private final PolicyService policies;
    private final PolicyRepository policyRepository;
    private final PolicyAttachmentService attachments;
    private final ThingPrincipalService principals;
    private final RegistryThings registry;
    private final RegistrationFailures failures;
    private final AwsErrors errors;
    private final Arns arns;
    private final Clock clock = Clock.systemUTC();

    RegistrationCommit(
            ProvisioningTransactions transactions,
            RegistrationRepository registrations,
            CertificateRepository certificates,
            CertificateCreation creation,
            CertificateService certificateRules,
            DeviceCertificateRegistration deviceRegistration,
            PolicyService policies,
            PolicyRepository policyRepository,
            PolicyAttachmentService attachments,
            ThingPrincipalService principals,
            RegistryThings registry,
            RegistrationFailures failures,
            AwsErrors errors,
            Arns arns) {
        this.transactions = transactions;
        this.registrations = registrations;
        this.certificates = certificates;
        this.creation = creation;
        this.certificateRules = certificateRules;
        this.deviceRegistration = deviceRegistration;
        this.policies = policies;
        this.policyRepository = policyRepository;
        this.attachments = attachments;
        this.principals = principals;
        this.registry = registry;
        this.failures = failures;
        this.errors = errors;
        this.arns = arns;
    }

    /**
     * The thing is asked for first: its attachment keeps the registry's id of the thing (which is the registration's
     * own id only when it created the thing). A run that provisioned the thing itself passes the registry's answer:
     * the thing's deletion since then is caught as it would be after the registry's answer here (the deletion's
     * clean-up, which the thing principal's attachment waits for, removes the attachment).
     *
     * @param row the registration as this run carries it: left unchanged (a refusal in the transaction, e.g. an event
     *     too large for the outbox, rolls back and the run carries on with the row as last committed)
     * @param provisioned the thing as this run's THING step answered it, or {@code null}: the registry is asked
     * @return the registration, COMPLETE, as a copy of {@code row}
     * @throws LeaseLost when another run holds the registration (nothing is written)
     */
    Uni<Registration> commit(Registration row, String leaseToken, ProvisioningPlan plan, ThingSummary provisioned) {
        if (provisioned != null) {
            return write(row, leaseToken, plan, provisioned);
        }
        Uni<ThingSummary> thing = plan.thing()
                .map(planned -> failures.of(
                        RegistrationSteps.describe(planned),
                        registry.find(planned.thingName()).invoke(found -> {
                            if (found == null) {
                                throw errors.resourceNotFound("Thing " + planned.thingName() + " does not exist");
                            }
                        })))
                .orElse(Uni.createFrom().nullItem());
        return thing.chain(registered -> write(row, leaseToken, plan, registered));
    }

    /** The certificate as the transaction stored it: {@code createdHere} when this transaction inserted it. */
    private record StoredCertificate(String id, boolean createdHere) {}

    /**
     * The row is written last, if this run still holds it ({@link RegistrationRepository#update}: its lease token
     * checked in the UPDATE's WHERE, which waits for a run that takes it over meanwhile); otherwise everything rolls
     * back. It is not locked and read first: that took two statements and the load of the row's plan, for what the
     * last statement checks as well.
     */
    private Uni<Registration> write(
            Registration carried, String leaseToken, ProvisioningPlan plan, ThingSummary registered) {
        return transactions.commit(session -> {
            Registration row = carried.copy(); // each try of the transaction changes a copy of its own
            List<Event> events = new ArrayList<>();
            Map<String, String> resourceArns = new TreeMap<>();
            plan.thing().ifPresent(thing -> resourceArns.put(thing.logicalId(), arns.thing(thing.thingName())));
            Uni<StoredCertificate> stored = plan.certificate()
                    .map(certificate -> failures.of(
                            RegistrationSteps.describe(certificate), certificate(session, certificate, row, events)))
                    .orElse(Uni.createFrom().nullItem());
            return stored.chain(certificate -> {
                String id = certificate == null ? null : certificate.id();
                plan.certificate().ifPresent(planned -> resourceArns.put(planned.logicalId(), arns.certificate(id)));
                Uni<Void> chain = Uni.createFrom().voidItem();
                // a policy the plan names twice is attached once: it takes one of the target's slots, and its second
                // attachment (which changes nothing) counts the other policies only
                Set<String> attached = new HashSet<>();
                for (PolicyPlan policy : plan.policies()) {
                    resourceArns.put(policy.logicalId(), arns.policy(policy.policyName()));
                    attached.add(policy.policyName());
                    int attachedBefore = attached.size() - 1;
                    chain = chain.chain(() -> failures.of(
                            RegistrationSteps.describe(policy),
                            policy(session, policy, certificate, attachedBefore, events)));
                }
                if (plan.thing().isPresent() && certificate != null) {
                    var thing = plan.thing().get();
                    String certificateArn = arns.certificate(id);
                    chain = chain.chain(() -> failures.of(
                            RegistrationSteps.describe(thing),
                            (certificate.createdHere()
                                            ? principals.attachToNewCertificate(session, registered, certificateArn)
                                            : principals.attach(
                                                    session,
                                                    registered,
                                                    certificateArn,
                                                    ThingPrincipal.Type.NON_EXCLUSIVE_THING))
                                    .invoke(outcome -> events.addAll(outcome.events()))
                                    .replaceWithVoid()));
                }
                return chain.chain(() -> {
                            row.complete(PlanJson.writeArns(resourceArns), clock.instant());
                            return registrations.update(session, row, leaseToken);
                        })
                        .invoke(LeaseLost::unlessHeld)
                        .map(held -> new Outcome<>(row, events));
            });
        });
    }

    /** The certificate; the row keeps its PEM for the answer. */
    private Uni<StoredCertificate> certificate(
            Mutiny.Session session, CertificatePlan plan, Registration row, List<Event> events) {
        Certificate.Status status = Certificate.Status.valueOf(plan.status().name());
        return switch (plan.source()) {
            case CertificateSource.FromCsr fromCsr -> {
                IotCertificate issued = Pem.certificate("certificatePem", row.certificatePem());
                yield creation.storeIssuedIfAbsent(session, issued, status).map(outcome -> {
                    events.addAll(outcome.events());
                    return new StoredCertificate(issued.certificateId(), outcome.result());
                });
            }
            case CertificateSource.ById byId ->
                certificates.find(session, byId.certificateId()).chain(existing -> {
                    if (existing == null) {
                        throw errors.resourceNotFound("Certificate " + byId.certificateId() + " does not exist");
                    }
                    return existing(session, existing, plan, status, row, events);
                });
            case CertificateSource.FromPem fromPem -> {
                String id = Pem.certificate("CertificatePem", fromPem.certificatePem())
                        .certificateId();
                yield certificates
                        .find(session, id)
                        .chain(existing -> existing != null
                                ? existing(session, existing, plan, status, row, events)
                                : deviceRegistration
                                        .register(
                                                session,
                                                fromPem.certificatePem(),
                                                fromPem.caCertificatePem().orElse(null),
                                                status)
                                        .invoke(outcome -> {
                                            events.addAll(outcome.events());
                                            row.issued(outcome.result().pem());
                                        })
                                        .replaceWith(new StoredCertificate(id, false)));
            }
        };
    }

    /**
     * A certificate that exists gets the template's status when it waits for one (PENDING_ACTIVATION, fleet
     * provisioning's) or the override setting is REPLACE; FAIL refuses another status; DO_NOTHING keeps it
     * (docs/aws-behaviour.md §6.8).
     */
    private Uni<StoredCertificate> existing(
            Mutiny.Session session,
            Certificate certificate,
            CertificatePlan plan,
            Certificate.Status status,
            Registration row,
            List<Event> events) {
        row.issued(certificate.pem());
        StoredCertificate stored = new StoredCertificate(certificate.id(), false);
        if (certificate.status() == status) {
            return Uni.createFrom().item(stored);
        }
        if (certificate.status() == Certificate.Status.PENDING_ACTIVATION
                || plan.statusOverride() == OverrideSetting.REPLACE) {
            return certificateRules
                    .changeStatus(session, certificate.id(), status)
                    .invoke(outcome -> events.addAll(outcome.events()))
                    .replaceWith(stored);
        }
        if (plan.statusOverride() == OverrideSetting.FAIL) {
            throw errors.iot(
                    RegistrationFailures.CONFLICT,
                    "Certificate " + certificate.id() + " is " + certificate.status() + ", not the template's " + status
                            + ", and the template's override setting for Status is FAIL");
        }
        return Uni.createFrom().item(stored);
    }

    /**
     * A policy given by its document is created unless it exists; each policy is attached to the certificate. To a
     * certificate this transaction created, the attachment needs the policy held only (created, or share-locked by
     * {@link PolicyService#createIfAbsent} or here): {@link PolicyAttachmentService#attachToNewCertificate}.
     *
     * @param attachedBefore the other policies (distinct names) this registration attached to the certificate before
     *     this one
     */
    private Uni<Void> policy(
            Mutiny.Session session,
            PolicyPlan policy,
            StoredCertificate certificate,
            int attachedBefore,
            List<Event> events) {
        Uni<Void> held = policy.document()
                .map(document -> policies.createIfAbsent(session, policy.policyName(), document)
                        .invoke(outcome -> events.addAll(outcome.events()))
                        .replaceWithVoid())
                .orElseGet(() -> certificate != null && certificate.createdHere()
                        ? policyRepository
                                .shareIfExists(session, policy.policyName())
                                .invoke(exists -> {
                                    if (!exists) {
                                        throw errors.resourceNotFound("Policy not found");
                                    }
                                })
                                .replaceWithVoid()
                        : Uni.createFrom().voidItem());
        if (certificate == null) {
            return held;
        }
        return held.chain(() -> certificate.createdHere()
                        ? attachments.attachToNewCertificate(
                                session, policy.policyName(), certificate.id(), attachedBefore)
                        : attachments.attachToCertificate(session, policy.policyName(), certificate.id()))
                .invoke(outcome -> events.addAll(outcome.events()))
                .replaceWithVoid();
    }
}

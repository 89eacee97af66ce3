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
import io.iotdm.provisioning.store.ProvisioningTransactions;
import io.iotdm.provisioning.store.Registration;
import io.iotdm.provisioning.store.RegistrationRepository;
import io.iotdm.provisioning.store.ThingPrincipal;
import io.iotdm.provisioning.template.OverrideSetting;
import io.iotdm.provisioning.template.ProvisioningPlan;
import io.iotdm.provisioning.template.ProvisioningPlan.CertificatePlan;
import io.iotdm.provisioning.template.ProvisioningPlan.CertificateSource;
import io.iotdm.provisioning.template.ProvisioningPlan.PolicyPlan;
import io.iotdm.x509.Pem;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * The last step of a registration, one transaction: the certificate (stored, registered or given the template's
 * status), the policies (created when given by document) and their attachments to the certificate, the certificate
 * attached to the thing, and the registration marked COMPLETE, with every change event. So a device never has a
 * certificate without its policies or its thing; each part goes through the operation's own rules (CreatePolicy,
 * AttachPolicy, AttachThingPrincipal, UpdateCertificate, RegisterCertificate).
 */
@ApplicationScoped
class RegistrationCommit {

    /** Another run holds the registration: this one stops and leaves it to it. */
    static final class LeaseLost extends RuntimeException {
        LeaseLost() {
            super("another run holds the registration", null, false, false);
        }
    }

    private final ProvisioningTransactions transactions;
    private final RegistrationRepository registrations;
    private final CertificateRepository certificates;
    private final CertificateCreation creation;
    private final CertificateService certificateRules;
    private final DeviceCertificateRegistration deviceRegistration;
    private final PolicyService policies;
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
     * @param provisioned the thing as this run's THING step answered it, or {@code null}: the registry is asked
     * @return the registration, COMPLETE
     * @throws LeaseLost when another run holds the registration (nothing is written)
     */
    Uni<Registration> commit(String key, String leaseToken, ProvisioningPlan plan, ThingSummary provisioned) {
        if (provisioned != null) {
            return write(key, leaseToken, plan, provisioned);
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
        return thing.chain(registered -> write(key, leaseToken, plan, registered));
    }

    private Uni<Registration> write(String key, String leaseToken, ProvisioningPlan plan, ThingSummary registered) {
        return transactions.commit(session -> registrations.lock(session, key).chain(row -> {
            if (row == null
                    || row.status() != Registration.Status.IN_PROGRESS
                    || !row.leaseToken().equals(leaseToken)) {
                throw new LeaseLost();
            }
            List<Event> events = new ArrayList<>();
            Map<String, String> resourceArns = new TreeMap<>();
            plan.thing().ifPresent(thing -> resourceArns.put(thing.logicalId(), arns.thing(thing.thingName())));
            Uni<String> certificateId = plan.certificate()
                    .map(certificate -> failures.of(
                            RegistrationSteps.describe(certificate), certificate(session, certificate, row, events)))
                    .orElse(Uni.createFrom().nullItem());
            return certificateId.chain(id -> {
                plan.certificate()
                        .ifPresent(certificate -> resourceArns.put(certificate.logicalId(), arns.certificate(id)));
                Uni<Void> chain = Uni.createFrom().voidItem();
                for (PolicyPlan policy : plan.policies()) {
                    resourceArns.put(policy.logicalId(), arns.policy(policy.policyName()));
                    chain = chain.chain(
                            () -> failures.of(RegistrationSteps.describe(policy), policy(session, policy, id, events)));
                }
                if (plan.thing().isPresent() && id != null) {
                    var thing = plan.thing().get();
                    chain = chain.chain(() -> failures.of(
                            RegistrationSteps.describe(thing),
                            principals
                                    .attach(
                                            session,
                                            registered,
                                            arns.certificate(id),
                                            ThingPrincipal.Type.NON_EXCLUSIVE_THING)
                                    .invoke(outcome -> events.addAll(outcome.events()))
                                    .replaceWithVoid()));
                }
                return chain.chain(() -> {
                            row.complete(PlanJson.writeArns(resourceArns), clock.instant());
                            return session.flush();
                        })
                        .map(done -> new Outcome<>(row, events));
            });
        }));
    }

    /** @return the certificate's id; the row keeps its PEM for the answer */
    private Uni<String> certificate(
            Mutiny.Session session, CertificatePlan plan, Registration row, List<Event> events) {
        Certificate.Status status = Certificate.Status.valueOf(plan.status().name());
        return switch (plan.source()) {
            case CertificateSource.FromCsr fromCsr -> {
                String id =
                        Pem.certificate("certificatePem", row.certificatePem()).certificateId();
                yield certificates
                        .find(session, id)
                        .chain(stored -> stored != null
                                ? Uni.createFrom().item(id)
                                : creation.storeIssued(session, row.certificatePem(), status)
                                        .invoke(outcome -> events.addAll(outcome.events()))
                                        .replaceWith(id));
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
                                        .replaceWith(id));
            }
        };
    }

    /**
     * A certificate that exists gets the template's status when it waits for one (PENDING_ACTIVATION, fleet
     * provisioning's) or the override setting is REPLACE; FAIL refuses another status; DO_NOTHING keeps it
     * (docs/aws-behaviour.md §6.8).
     */
    private Uni<String> existing(
            Mutiny.Session session,
            Certificate certificate,
            CertificatePlan plan,
            Certificate.Status status,
            Registration row,
            List<Event> events) {
        row.issued(certificate.pem());
        if (certificate.status() == status) {
            return Uni.createFrom().item(certificate.id());
        }
        if (certificate.status() == Certificate.Status.PENDING_ACTIVATION
                || plan.statusOverride() == OverrideSetting.REPLACE) {
            return certificateRules
                    .changeStatus(session, certificate.id(), status)
                    .invoke(outcome -> events.addAll(outcome.events()))
                    .replaceWith(certificate.id());
        }
        if (plan.statusOverride() == OverrideSetting.FAIL) {
            throw errors.iot(
                    RegistrationFailures.CONFLICT,
                    "Certificate " + certificate.id() + " is " + certificate.status() + ", not the template's " + status
                            + ", and the template's override setting for Status is FAIL");
        }
        return Uni.createFrom().item(certificate.id());
    }

    /** A policy given by its document is created unless it exists; each policy is attached to the certificate. */
    private Uni<Void> policy(Mutiny.Session session, PolicyPlan policy, String certificateId, List<Event> events) {
        Uni<Void> created = policy.document()
                .map(document -> policies.createIfAbsent(session, policy.policyName(), document)
                        .invoke(outcome -> events.addAll(outcome.events()))
                        .replaceWithVoid())
                .orElse(Uni.createFrom().voidItem());
        if (certificateId == null) {
            return created;
        }
        return created.chain(() -> attachments.attachToCertificate(session, policy.policyName(), certificateId))
                .invoke(outcome -> events.addAll(outcome.events()))
                .replaceWithVoid();
    }
}

package io.iotdm.provisioning.registration;

import io.iotdm.aws.service.AwsErrors;
import io.iotdm.grpc.registry.v1.ProvisionThingRequest;
import io.iotdm.grpc.registry.v1.ThingSummary;
import io.iotdm.provisioning.certificate.CertificateCreation;
import io.iotdm.provisioning.certificate.X509Refusals;
import io.iotdm.provisioning.peer.RegistryThings;
import io.iotdm.provisioning.peer.ThingGroups;
import io.iotdm.provisioning.policy.PolicyService;
import io.iotdm.provisioning.store.CertificateRepository;
import io.iotdm.provisioning.store.PolicyRepository;
import io.iotdm.provisioning.store.ProvisioningTransactions;
import io.iotdm.provisioning.template.OverrideSetting;
import io.iotdm.provisioning.template.ProvisioningPlan;
import io.iotdm.provisioning.template.ProvisioningPlan.CertificatePlan;
import io.iotdm.provisioning.template.ProvisioningPlan.CertificateSource;
import io.iotdm.provisioning.template.ProvisioningPlan.PolicyPlan;
import io.iotdm.provisioning.template.ProvisioningPlan.ThingPlan;
import io.iotdm.x509.CertificateRegistration;
import io.iotdm.x509.Pem;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The steps of a registration before its last transaction (docs/aws-behaviour.md §6.8), each idempotent: validation
 * (nothing written), the registry's thing, the group-service's memberships, and the undo of the thing when the
 * registration cannot complete. {@link RegistrationCommit} is the last step.
 */
@ApplicationScoped
class RegistrationSteps {

    private final ProvisioningTransactions transactions;
    private final PolicyRepository policies;
    private final PolicyService policyRules;
    private final CertificateRepository certificates;
    private final CertificateCreation creation;
    private final RegistryThings registry;
    private final ThingGroups groups;
    private final RegistrationFailures failures;
    private final AwsErrors errors;
    private final Clock clock = Clock.systemUTC();

    RegistrationSteps(
            ProvisioningTransactions transactions,
            PolicyRepository policies,
            PolicyService policyRules,
            CertificateRepository certificates,
            CertificateCreation creation,
            RegistryThings registry,
            ThingGroups groups,
            RegistrationFailures failures,
            AwsErrors errors) {
        this.transactions = transactions;
        this.policies = policies;
        this.policyRules = policyRules;
        this.certificates = certificates;
        this.creation = creation;
        this.registry = registry;
        this.groups = groups;
        this.failures = failures;
        this.errors = errors;
    }

    /**
     * Everything that can be checked before a write: the policies, the certificate, the thing's type and its override
     * settings FAIL (the registry's dry run), the thing groups. Then the certificate of the CSR is issued, once: the row
     * keeps it.
     *
     * @return the PEM of the certificate issued for the plan's CSR, or {@code null} when it has none
     */
    Uni<String> validate(ProvisioningPlan plan, String thingId) {
        Uni<Void> checks = Uni.createFrom().voidItem();
        for (PolicyPlan policy : plan.policies()) {
            checks = checks.chain(() -> failures.of(describe(policy), policy(policy)));
        }
        if (plan.certificate().isPresent()) {
            CertificatePlan certificate = plan.certificate().get();
            checks = checks.chain(() -> failures.of(describe(certificate), certificate(certificate)));
        }
        if (plan.thing().isPresent()) {
            ThingPlan thing = plan.thing().get();
            checks = checks.chain(() -> failures.of(describe(thing), billingGroup(thing)))
                    .chain(() -> failures.of(describe(thing), registry.provision(request(thing, thingId, true))))
                    .chain(() -> failures.of(describe(thing), thingGroupsValid(thing)));
        }
        return checks.chain(() -> plan.certificate()
                .map(CertificatePlan::source)
                .filter(CertificateSource.FromCsr.class::isInstance)
                .map(source -> failures.of(
                        describe(plan.certificate().get()),
                        creation.issueForCsr(((CertificateSource.FromCsr) source).certificateSigningRequest())))
                .orElse(Uni.createFrom().nullItem()));
    }

    /**
     * The registry creates the thing (with the registration's id), or applies the override settings.
     *
     * @return the thing as the registry answered (its id is the registration's when the registration created it), or
     *     {@code null} when the plan has none or the answer names no thing
     */
    Uni<ThingSummary> thing(ProvisioningPlan plan, String thingId) {
        return plan.thing()
                .map(thing -> failures.of(describe(thing), registry.provision(request(thing, thingId, false)))
                        .map(provisioned -> provisioned.getThingId().isEmpty()
                                ? null // an answer without the thing (a dry run's): the later steps ask the registry
                                : ThingSummary.newBuilder()
                                        .setThingName(thing.thingName())
                                        .setThingId(provisioned.getThingId())
                                        .setVersion(provisioned.getVersion())
                                        .build()))
                .orElse(Uni.createFrom().nullItem());
    }

    /**
     * The template's ThingGroups: a thing this registration created joins them; an existing one as its override
     * setting says (MERGE joins, REPLACE also leaves its other static groups, DO_NOTHING and FAIL leave it as it is: FAIL
     * was checked by {@link #validate}).
     *
     * @param provisioned the thing as {@link #thing} answered it in this run, or {@code null}: the registry is asked
     */
    Uni<Void> thingGroups(ProvisioningPlan plan, String thingId, ThingSummary provisioned) {
        if (plan.thing().isEmpty() || plan.thing().get().thingGroups().isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        ThingPlan thing = plan.thing().get();
        List<String> named = thing.thingGroups().get();
        Uni<ThingSummary> registered =
                provisioned != null ? Uni.createFrom().item(provisioned) : registry.find(thing.thingName());
        return failures.of(describe(thing), registered.chain(found -> {
            boolean ours = found != null && found.getThingId().equals(thingId);
            return switch (ours ? OverrideSetting.MERGE : thing.thingGroupsOverride()) {
                case MERGE ->
                    groups.addThingToGroups(thing.thingName(), named, false).replaceWithVoid();
                case REPLACE ->
                    groups.addThingToGroups(thing.thingName(), named, true).replaceWithVoid();
                default -> Uni.createFrom().voidItem();
            };
        }));
    }

    /** Deletes the thing this registration created, if it did (the registry checks the id); nothing else was written. */
    Uni<Void> undo(ProvisioningPlan plan, String thingId) {
        return plan.thing()
                .map(thing -> registry.unprovision(thing.thingName(), thingId).replaceWithVoid())
                .orElse(Uni.createFrom().voidItem());
    }

    static String describe(ThingPlan thing) {
        return thing.logicalId() + " (AWS::IoT::Thing " + thing.thingName() + ")";
    }

    static String describe(CertificatePlan certificate) {
        return certificate.logicalId() + " (AWS::IoT::Certificate)";
    }

    static String describe(PolicyPlan policy) {
        return policy.logicalId() + " (AWS::IoT::Policy " + policy.policyName() + ")";
    }

    /** A named policy must exist; a document must be a valid policy. */
    private Uni<Void> policy(PolicyPlan policy) {
        if (policy.document().isPresent()) {
            return Uni.createFrom().item(() -> {
                policyRules.validate(policy.document().get());
                return null;
            });
        }
        return transactions
                .read(session -> policies.find(session, policy.policyName()))
                .invoke(found -> {
                    if (found == null) {
                        throw errors.resourceNotFound("Policy " + policy.policyName() + " does not exist");
                    }
                })
                .replaceWithVoid();
    }

    /**
     * A certificate named by id must exist; a PEM to register must be a certificate that may be registered now (its
     * CA is checked in the last transaction, with the registration); a CSR is checked when it is signed.
     */
    private Uni<Void> certificate(CertificatePlan certificate) {
        return switch (certificate.source()) {
            case CertificateSource.ById byId ->
                transactions
                        .read(session -> certificates.find(session, byId.certificateId()))
                        .invoke(found -> {
                            if (found == null) {
                                throw errors.resourceNotFound(
                                        "Certificate " + byId.certificateId() + " does not exist");
                            }
                        })
                        .replaceWithVoid();
            case CertificateSource.FromPem fromPem ->
                Uni.createFrom().item(() -> {
                    X509Refusals.check(
                            errors,
                            () -> CertificateRegistration.checkCertificate(
                                    Pem.certificate("CertificatePem", fromPem.certificatePem()), clock.instant()));
                    return null;
                });
            case CertificateSource.FromCsr fromCsr -> Uni.createFrom().voidItem();
        };
    }

    /**
     * The thing groups must exist and be static; under FAIL, an existing thing's static groups must be the template's
     * (docs/aws-behaviour.md §6.8).
     */
    private Uni<Void> thingGroupsValid(ThingPlan thing) {
        if (thing.thingGroups().isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Uni<Void> checks = Uni.createFrom().voidItem();
        for (String name : thing.thingGroups().get()) {
            checks = checks.chain(() -> groups.find(name).invoke(group -> {
                        if (group == null) {
                            throw errors.resourceNotFound("Thing group " + name + " does not exist");
                        }
                        if (group.getDynamic()) {
                            throw errors.invalidRequest(
                                    "Thing group " + name
                                            + " is a dynamic thing group: its query decides its things, a template cannot add one");
                        }
                    }))
                    .replaceWithVoid();
        }
        if (thing.thingGroupsOverride() != OverrideSetting.FAIL) {
            return checks;
        }
        return checks.chain(() -> registry.find(thing.thingName()))
                .chain(found -> found == null
                        ? Uni.createFrom().<Set<String>>nullItem()
                        : groups.groupsOf(thing.thingName()).map(current -> {
                            Set<String> names = new HashSet<>();
                            current.forEach(group -> names.add(group.getGroup().getGroupName()));
                            return names;
                        }))
                .invoke(existing -> {
                    if (existing != null
                            && !existing.equals(
                                    new HashSet<>(thing.thingGroups().get()))) {
                        throw errors.iot(
                                RegistrationFailures.CONFLICT,
                                "Thing " + thing.thingName() + " is in the thing groups "
                                        + existing.stream().sorted().toList()
                                        + ", not the template's "
                                        + thing.thingGroups().get()
                                        + ", and the template's override setting for ThingGroups is FAIL");
                    }
                })
                .replaceWithVoid();
    }

    /** Billing groups are not part of iotdm (docs/aws-behaviour.md §1.6): CreateThing's answer to one. */
    private Uni<Void> billingGroup(ThingPlan thing) {
        return thing.billingGroup()
                .<Uni<Void>>map(group ->
                        Uni.createFrom().failure(errors.resourceNotFound("Billing group " + group + " not found")))
                .orElse(Uni.createFrom().voidItem());
    }

    private static ProvisionThingRequest request(ThingPlan thing, String thingId, boolean dryRun) {
        ProvisionThingRequest.Builder request = ProvisionThingRequest.newBuilder()
                .setThingName(thing.thingName())
                .setThingId(thingId)
                .setAttributePayloadOverride(override(thing.attributePayloadOverride()))
                .setThingTypeNameOverride(override(thing.thingTypeNameOverride()))
                .setDryRun(dryRun);
        thing.thingTypeName().ifPresent(request::setThingTypeName);
        thing.attributes()
                .ifPresent(attributes -> request.setHasAttributes(true).putAllAttributes(attributes));
        return request.build();
    }

    private static io.iotdm.grpc.registry.v1.OverrideSetting override(OverrideSetting setting) {
        return io.iotdm.grpc.registry.v1.OverrideSetting.valueOf(setting.name());
    }
}

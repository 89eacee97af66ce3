package io.iotdm.provisioning.attachment;

import io.iotdm.aws.protocol.Arns;
import io.iotdm.aws.protocol.AwsServiceException;
import io.iotdm.aws.protocol.PaginationTokens;
import io.iotdm.aws.service.AwsErrors;
import io.iotdm.aws.service.Page;
import io.iotdm.events.ProvisioningChanges.ResourceType;
import io.iotdm.grpc.group.v1.GroupRecord;
import io.iotdm.grpc.group.v1.GroupRef;
import io.iotdm.outbox.Outcome;
import io.iotdm.provisioning.ProvisioningConfig;
import io.iotdm.provisioning.attachment.PolicyTargetName.Kind;
import io.iotdm.provisioning.peer.ThingGroups;
import io.iotdm.provisioning.store.CertificateRepository;
import io.iotdm.provisioning.store.DeletedResourceRepository;
import io.iotdm.provisioning.store.DeletedResourceRepository.Deletable;
import io.iotdm.provisioning.store.PolicyRepository;
import io.iotdm.provisioning.store.ProvisioningTransactions;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Policies attached to targets (docs/aws-behaviour.md §6.4). A target must exist: a certificate here, a static thing
 * group in the group-service (asked over gRPC before the transaction), a Cognito identity anywhere (not checked).
 * Every change publishes a {@link ResourceType#POLICY_ATTACHMENT} change keyed by the target, on which a device gateway
 * re-authorizes the target's sessions.
 */
@ApplicationScoped
public class PolicyAttachmentService {

    private final ProvisioningTransactions transactions;
    private final PolicyRepository policies;
    private final CertificateRepository certificates;
    private final ThingGroups thingGroups;
    private final DeletedResourceRepository deletedResources;
    private final AwsErrors errors;
    private final Arns arns;
    private final PaginationTokens tokens;
    private final int maxPerTarget;
    private final Clock clock = Clock.systemUTC();

    PolicyAttachmentService(
            ProvisioningTransactions transactions,
            PolicyRepository policies,
            CertificateRepository certificates,
            ThingGroups thingGroups,
            DeletedResourceRepository deletedResources,
            AwsErrors errors,
            Arns arns,
            PaginationTokens tokens,
            ProvisioningConfig config) {
        this.transactions = transactions;
        this.policies = policies;
        this.certificates = certificates;
        this.thingGroups = thingGroups;
        this.deletedResources = deletedResources;
        this.errors = errors;
        this.arns = arns;
        this.tokens = tokens;
        this.maxPerTarget = config.policy().maxPerTarget();
    }

    /** Attaching a policy already attached changes nothing and succeeds. */
    public Uni<Void> attach(String policyName, String target) {
        PolicyTargetName name = PolicyTargetName.parse(target, arns, errors);
        return staticGroupIfGroup(name)
                .chain(group -> transactions.commit(session -> attach(session, policyName, name, group)));
    }

    /** AttachPolicy to a certificate, in the caller's transaction (a registration's policies). */
    public Uni<Outcome<Void>> attachToCertificate(Mutiny.Session session, String policyName, String certificateId) {
        return attach(session, policyName, PolicyTargetName.parse(arns.certificate(certificateId), arns, errors), null);
    }

    /**
     * AttachPolicy to a certificate that the caller's transaction has just stored, of a policy that it holds (created or
     * share-locked, {@link io.iotdm.provisioning.store.PolicyRepository#shareIfExists}): a registration's. No other
     * transaction sees the certificate before this one commits, so none can attach to it or delete it meanwhile: its
     * lock, the target's lock and the read of its attachments (four statements of {@link #attachToCertificate}) are not
     * needed, and its attachments are the {@code attachedBefore} ones the caller made.
     */
    public Uni<Outcome<Void>> attachToNewCertificate(
            Mutiny.Session session, String policyName, String certificateId, int attachedBefore) {
        String target = PolicyTargetName.parse(arns.certificate(certificateId), arns, errors)
                .target();
        if (attachedBefore >= maxPerTarget) {
            throw tooMany(target);
        }
        return policies.attach(session, policyName, target, null, clock.instant())
                .map(revision -> attached(target, policyName, revision));
    }

    /** @param group the thing group the target names, as the group-service answered it, or {@code null} */
    private Uni<Outcome<Void>> attach(
            Mutiny.Session session, String policyName, PolicyTargetName name, GroupRecord group) {
        return policies.share(session, policyName)
                .onItem()
                .ifNull()
                .failWith(() -> errors.resourceNotFound("Policy not found"))
                .call(policy -> certificateIfCertificate(session, name))
                .call(policy -> groupNotDeletedMeanwhile(session, group))
                .call(policy -> policies.lockTarget(session, name.target()))
                .chain(policy -> policies.attachedTo(session, name.target()))
                .chain(attached -> {
                    if (attached.contains(policyName)) {
                        return Uni.createFrom().item(new Outcome<Void>(null, List.of()));
                    }
                    if (attached.size() >= maxPerTarget) {
                        throw tooMany(name.target());
                    }
                    return policies.attach(
                                    session,
                                    policyName,
                                    name.target(),
                                    group == null ? null : group.getGroupId(),
                                    clock.instant())
                            .map(revision -> attached(name.target(), policyName, revision));
                });
    }

    private AwsServiceException tooMany(String target) {
        return errors.iot(
                "LimitExceededException",
                "The target " + target + " already has the maximum number of policies attached (" + maxPerTarget + ")");
    }

    /** @param revision the attachment's change revision, or {@code null} when it existed: no change */
    private static Outcome<Void> attached(String target, String policyName, Long revision) {
        return new Outcome<>(
                null,
                ProvisioningTransactions.changes(
                        ResourceType.POLICY_ATTACHMENT, target, "attached:" + policyName, revision));
    }

    /** Detaching a policy that is not attached changes nothing and succeeds (the operation has no not-found error). */
    public Uni<Void> detach(String policyName, String target) {
        PolicyTargetName name = PolicyTargetName.parse(target, arns, errors);
        return transactions.commit(session -> policies.detach(session, policyName, name.target())
                .chain(detached -> detached
                        ? ProvisioningTransactions.change(
                                        session,
                                        ResourceType.POLICY_ATTACHMENT,
                                        name.target(),
                                        "detached:" + policyName)
                                .map(event -> new Outcome<Void>(null, List.of(event)))
                        : Uni.createFrom().item(new Outcome<Void>(null, List.of()))));
    }

    /**
     * @param recursive for a thing group, the policies of its ancestors too (they apply to its things)
     * @return the names of the attached policies, in name order, paged with a marker
     */
    public Uni<Page<String>> listAttached(String target, boolean recursive, String marker, int pageSize) {
        PolicyTargetName name = PolicyTargetName.parse(target, arns, errors);
        Map<String, String> filters = Map.of("target", name.target(), "recursive", Boolean.toString(recursive));
        String after = marker == null ? "" : tokens.cursor("ListAttachedPolicies", filters, marker);
        Uni<List<String>> targets = name.kind() == Kind.THING_GROUP
                ? staticGroupIfGroup(name).map(group -> recursive ? lineage(group) : List.of(name.target()))
                : transactions
                        .read(session -> certificateIfCertificate(session, name))
                        .map(ignored -> List.of(name.target()));
        return targets.chain(lineage -> transactions.read(session -> policies.attachedToAny(session, lineage)))
                .map(names -> {
                    List<String> fetched = names.stream()
                            .filter(policyName -> policyName.compareTo(after) > 0)
                            .toList();
                    return Page.of(
                            fetched.subList(0, Math.min(fetched.size(), pageSize + 1)),
                            pageSize,
                            last -> tokens.issueMarker("ListAttachedPolicies", filters, last));
                });
    }

    /** @return the targets of the policy, in order, paged with a marker */
    public Uni<Page<String>> listTargets(String policyName, String marker, int pageSize) {
        Map<String, String> filters = Map.of("policyName", policyName);
        String after = marker == null ? null : tokens.cursor("ListTargetsForPolicy", filters, marker);
        return transactions.read(session -> policies.find(session, policyName)
                .onItem()
                .ifNull()
                .failWith(() -> errors.resourceNotFound("Policy not found"))
                .chain(policy -> policies.targetsOf(session, policyName, after, pageSize + 1))
                .map(found ->
                        Page.of(found, pageSize, last -> tokens.issueMarker("ListTargetsForPolicy", filters, last))));
    }

    /** The group's ARN and its ancestors' ARNs: the targets whose policies apply to its things. */
    static List<String> lineage(GroupRecord group) {
        List<String> targets = new ArrayList<>();
        targets.add(group.getGroupArn());
        group.getRootToParentList().stream().map(GroupRef::getGroupArn).forEach(targets::add);
        return targets;
    }

    /** For a thing-group target: the group, which must exist and be static. */
    private Uni<GroupRecord> staticGroupIfGroup(PolicyTargetName name) {
        if (name.kind() != Kind.THING_GROUP) {
            return Uni.createFrom().nullItem();
        }
        return thingGroups.find(name.id()).map(group -> {
            if (group == null) {
                throw errors.resourceNotFound("No thing group with ARN " + name.target() + " exists");
            }
            if (group.getDynamic()) {
                throw errors.invalidRequest("Policies cannot be attached to a dynamic thing group: " + name.target());
            }
            return group;
        });
    }

    /**
     * The group the group-service answered may have been deleted since: its deletion's clean-up
     * (io.iotdm.provisioning.deletion) takes the same lock, so either it has run and remembered the deletion, or it
     * runs after this transaction and removes the attachment.
     */
    private Uni<Void> groupNotDeletedMeanwhile(Mutiny.Session session, GroupRecord group) {
        if (group == null) {
            return Uni.createFrom().voidItem();
        }
        return deletedResources
                .lock(session, Deletable.THING_GROUP, group.getGroupName())
                .chain(() -> deletedResources.isDeleted(
                        session, Deletable.THING_GROUP, group.getGroupName(), group.getGroupId()))
                .invoke(deleted -> {
                    if (deleted) {
                        throw errors.resourceNotFound("No thing group with ARN " + group.getGroupArn() + " exists");
                    }
                })
                .replaceWithVoid();
    }

    /** For a certificate target: the certificate must exist. */
    private Uni<Void> certificateIfCertificate(Mutiny.Session session, PolicyTargetName name) {
        if (name.kind() != Kind.CERTIFICATE) {
            return Uni.createFrom().voidItem();
        }
        return certificates
                .share(session, name.id())
                .invoke(certificate -> {
                    if (certificate == null) {
                        throw errors.resourceNotFound("The certificate " + name.target() + " does not exist");
                    }
                })
                .replaceWithVoid();
    }
}

package io.iotdm.provisioning.policy;

import io.iotdm.aws.protocol.Arns;
import io.iotdm.aws.protocol.AwsServiceException;
import io.iotdm.aws.protocol.PaginationTokens;
import io.iotdm.aws.service.AwsErrors;
import io.iotdm.aws.service.Page;
import io.iotdm.events.ProvisioningChanges.ResourceType;
import io.iotdm.iotpolicy.MalformedPolicyException;
import io.iotdm.iotpolicy.PolicyParser;
import io.iotdm.outbox.Outcome;
import io.iotdm.provisioning.ProvisioningConfig;
import io.iotdm.provisioning.store.CreationOrder;
import io.iotdm.provisioning.store.Policy;
import io.iotdm.provisioning.store.PolicyRepository;
import io.iotdm.provisioning.store.PolicyVersion;
import io.iotdm.provisioning.store.ProvisioningTransactions;
import io.iotdm.provisioning.store.ResourceTags;
import io.iotdm.tags.Tag;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * IoT policies and their versions (docs/aws-behaviour.md §6.4). Every write locks the policy's row, so that versions
 * are numbered, counted and made default one write at a time; each publishes a {@link ResourceType#POLICY} change, on
 * which a device gateway re-authorizes the sessions the policy applies to.
 */
@ApplicationScoped
public class PolicyService {

    /** What a new version did: the policy as it stands after it, and the version. */
    public record CreatedVersion(Policy policy, PolicyVersion version) {}

    /** A policy with its versions, oldest first. */
    public record PolicyVersions(Policy policy, List<PolicyVersion> versions) {}

    private final ProvisioningTransactions transactions;
    private final PolicyRepository policies;
    private final AwsErrors errors;
    private final Arns arns;
    private final PaginationTokens tokens;
    private final int maxVersions;
    private final Clock clock = Clock.systemUTC();

    PolicyService(
            ProvisioningTransactions transactions,
            PolicyRepository policies,
            AwsErrors errors,
            Arns arns,
            PaginationTokens tokens,
            ProvisioningConfig config) {
        this.transactions = transactions;
        this.policies = policies;
        this.errors = errors;
        this.arns = arns;
        this.tokens = tokens;
        this.maxVersions = config.policy().maxVersions();
    }

    /** A new policy with its document as version 1 and its tags, written together. */
    public Uni<CreatedVersion> create(String name, String document, List<Tag> tags) {
        validate(document);
        // CreatePolicy declares no LimitExceededException (docs/aws-behaviour.md §6.4)
        ResourceTags.checkCount(tags, "InvalidRequestException", errors);
        return transactions
                .<CreatedVersion>commit(session -> policies.find(session, name).chain(existing -> {
                    if (existing != null) {
                        throw alreadyExists(name);
                    }
                    return insert(session, name, document, tags);
                }))
                .onFailure(failure -> "23505".equals(ProvisioningTransactions.sqlState(failure)))
                .transform(failure -> alreadyExists(name)); // created by a concurrent call since this one looked
    }

    /**
     * A provisioning template's policy given by its document (docs/aws-behaviour.md §6.8), in the caller's
     * transaction: created as CreatePolicy creates it unless a policy of that name exists (its name is a hash of the
     * document, so the existing one has it). Two registrations that create it at once: one fails on the unique name and
     * runs again, and then finds it. An existing one is share-locked (as AttachPolicy locks it), so the caller holds the
     * policy either way until it commits and attaches it without looking again. The document is compiled only for a
     * policy to create: the existing one has this document, compiled when it was created.
     */
    public Uni<Outcome<Void>> createIfAbsent(Mutiny.Session session, String name, String document) {
        return policies.shareIfExists(session, name).chain(existing -> {
            if (existing) {
                return Uni.createFrom().item(new Outcome<Void>(null, List.of()));
            }
            validate(document);
            return insert(session, name, document, List.of()).map(created -> new Outcome<Void>(null, created.events()));
        });
    }

    private Uni<Outcome<CreatedVersion>> insert(Mutiny.Session session, String name, String document, List<Tag> tags) {
        Instant now = clock.instant();
        Policy policy = new Policy(name, now);
        PolicyVersion version = new PolicyVersion(name, 1, document, now);
        return session.persist(policy)
                .call(() -> session.persist(version))
                .call(session::flush)
                .call(() -> ResourceTags.put(session, arns.policy(name), tags))
                .chain(() -> ProvisioningTransactions.change(session, ResourceType.POLICY, name, "created"))
                .map(change -> new Outcome<>(new CreatedVersion(policy, version), List.of(change)));
    }

    /** @return the policy and its default version */
    public Uni<CreatedVersion> get(String name) {
        return transactions.read(session -> found(policies.find(session, name))
                .chain(policy -> policies.version(session, name, policy.defaultVersionId())
                        .map(version -> new CreatedVersion(policy, version))));
    }

    public Uni<Void> delete(String name) {
        return transactions.commit(session -> found(policies.lock(session, name))
                .call(policy -> policies.attached(session, name).invoke(attached -> {
                    if (attached) {
                        throw errors.iot(
                                "DeleteConflictException",
                                "The policy cannot be deleted as the policy is attached to one or more principals (name="
                                        + name + ")");
                    }
                }))
                .chain(policy -> policies.versions(session, name).chain(versions -> {
                    if (versions.size() > 1) {
                        throw errors.iot(
                                "DeleteConflictException",
                                "Cannot delete the policy because it has one or more policy versions attached to it"
                                        + " (name=" + name + ")");
                    }
                    return session.removeAll(versions.toArray())
                            .call(() -> session.remove(policy))
                            .call(session::flush)
                            .call(() -> ResourceTags.removeAll(session, arns.policy(name)))
                            .chain(() -> ProvisioningTransactions.change(session, ResourceType.POLICY, name, "deleted"))
                            .map(change -> new Outcome<Void>(null, List.of(change)));
                })));
    }

    public Uni<Page<Policy>> list(String marker, int pageSize, boolean ascending) {
        CreationOrder order = CreationOrder.of(tokens, "ListPolicies", Map.of(), marker, ascending);
        return transactions.read(session -> policies.page(session, order, pageSize)
                .map(found -> order.page(found, pageSize, tokens, Policy::creationDate, Policy::name)));
    }

    public Uni<CreatedVersion> createVersion(String name, String document, boolean setAsDefault) {
        validate(document);
        Instant now = clock.instant();
        return transactions.commit(session -> found(policies.lock(session, name))
                .chain(policy -> policies.versions(session, name).chain(versions -> {
                    if (versions.size() >= maxVersions) {
                        throw errors.iot(
                                "VersionsLimitExceededException",
                                "The policy " + name + " already has the maximum number of versions (" + maxVersions
                                        + ")");
                    }
                    PolicyVersion version =
                            new PolicyVersion(name, policy.addVersion(setAsDefault, now), document, now);
                    return session.persist(version)
                            .call(session::flush)
                            .chain(() -> ProvisioningTransactions.change(
                                    session, ResourceType.POLICY, name, "version " + version.versionId()))
                            .map(change -> new Outcome<>(new CreatedVersion(policy, version), List.of(change)));
                })));
    }

    public Uni<CreatedVersion> getVersion(String name, String versionId) {
        return transactions.read(
                session -> found(policies.find(session, name)).chain(policy -> foundVersion(session, name, versionId)
                        .map(version -> new CreatedVersion(policy, version))));
    }

    public Uni<PolicyVersions> listVersions(String name) {
        return transactions.read(
                session -> found(policies.find(session, name)).chain(policy -> policies.versions(session, name)
                        .map(versions -> new PolicyVersions(policy, versions))));
    }

    public Uni<Void> setDefaultVersion(String name, String versionId) {
        Instant now = clock.instant();
        return transactions.commit(session -> found(policies.lock(session, name))
                .chain(policy -> foundVersion(session, name, versionId).chain(version -> {
                    policy.setDefaultVersion(version.versionId(), now);
                    return session.flush()
                            .chain(() -> ProvisioningTransactions.change(
                                    session, ResourceType.POLICY, name, "default " + version.versionId()))
                            .map(change -> new Outcome<Void>(null, List.of(change)));
                })));
    }

    public Uni<Void> deleteVersion(String name, String versionId) {
        return transactions.commit(session -> found(policies.lock(session, name))
                .chain(policy -> foundVersion(session, name, versionId).chain(version -> {
                    if (version.versionId() == policy.defaultVersionId()) {
                        throw errors.iot("DeleteConflictException", "Cannot delete the default version of a policy");
                    }
                    // no event: a version that is not the default authorizes nothing
                    return session.remove(version)
                            .call(session::flush)
                            .map(ignored -> new Outcome<Void>(null, List.of()));
                })));
    }

    /** AWS validates a document when it is created; the refusal's text is the library's (docs/aws-behaviour.md §6.4). */
    public void validate(String document) {
        try {
            PolicyParser.compile(document);
        } catch (MalformedPolicyException e) {
            throw errors.iot("MalformedPolicyException", e.getMessage());
        }
    }

    private Uni<Policy> found(Uni<Policy> policy) {
        return policy.onItem().ifNull().failWith(() -> errors.resourceNotFound("Policy not found"));
    }

    private Uni<PolicyVersion> foundVersion(Mutiny.Session session, String name, String versionId) {
        int id;
        try {
            id = Integer.parseInt(versionId);
        } catch (NumberFormatException e) {
            throw versionNotFound(name, versionId); // digits only (the model's pattern), but too many of them
        }
        return policies.version(session, name, id).onItem().ifNull().failWith(() -> versionNotFound(name, versionId));
    }

    private AwsServiceException versionNotFound(String name, String versionId) {
        return errors.resourceNotFound("Policy version not found (name=" + name + ", versionId=" + versionId + ")");
    }

    private AwsServiceException alreadyExists(String name) {
        return errors.resourceAlreadyExists(
                "Policy cannot be created - name already exists (name=" + name + ")", name, arns.policy(name));
    }
}

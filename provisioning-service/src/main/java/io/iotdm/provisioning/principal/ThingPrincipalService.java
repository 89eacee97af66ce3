package io.iotdm.provisioning.principal;

import io.iotdm.aws.protocol.Arns;
import io.iotdm.aws.protocol.PaginationTokens;
import io.iotdm.aws.service.AwsErrors;
import io.iotdm.aws.service.Page;
import io.iotdm.events.ProvisioningChanges.ResourceType;
import io.iotdm.grpc.registry.v1.ThingSummary;
import io.iotdm.outbox.Outcome;
import io.iotdm.provisioning.peer.RegistryThings;
import io.iotdm.provisioning.store.CertificateRepository;
import io.iotdm.provisioning.store.DeletedResourceRepository;
import io.iotdm.provisioning.store.DeletedResourceRepository.Deletable;
import io.iotdm.provisioning.store.PolicyRepository;
import io.iotdm.provisioning.store.ProvisioningTransactions;
import io.iotdm.provisioning.store.ThingPrincipal;
import io.iotdm.provisioning.store.ThingPrincipal.Type;
import io.iotdm.provisioning.store.ThingPrincipalRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Things attached to principals (docs/aws-behaviour.md §6.1). The thing must exist in the registry (asked over gRPC
 * before the transaction) and a certificate principal here. An EXCLUSIVE_THING attachment is the principal's only
 * one. Every change publishes a {@link ResourceType#THING_PRINCIPAL} change keyed by the principal: a device
 * gateway's thing policy variables of the principal's sessions change with it.
 */
@ApplicationScoped
public class ThingPrincipalService {

    private final ProvisioningTransactions transactions;
    private final ThingPrincipalRepository thingPrincipals;
    private final CertificateRepository certificates;
    private final PolicyRepository policies;
    private final RegistryThings registry;
    private final DeletedResourceRepository deletedResources;
    private final AwsErrors errors;
    private final Arns arns;
    private final PaginationTokens tokens;
    private final Clock clock = Clock.systemUTC();

    ThingPrincipalService(
            ProvisioningTransactions transactions,
            ThingPrincipalRepository thingPrincipals,
            CertificateRepository certificates,
            PolicyRepository policies,
            RegistryThings registry,
            DeletedResourceRepository deletedResources,
            AwsErrors errors,
            Arns arns,
            PaginationTokens tokens) {
        this.transactions = transactions;
        this.thingPrincipals = thingPrincipals;
        this.certificates = certificates;
        this.policies = policies;
        this.registry = registry;
        this.deletedResources = deletedResources;
        this.errors = errors;
        this.arns = arns;
        this.tokens = tokens;
    }

    /** @param type {@code null} for AWS's default, NON_EXCLUSIVE_THING */
    public Uni<Void> attach(String thingName, String principal, String type) {
        Type attachment = type == null ? Type.NON_EXCLUSIVE_THING : Type.valueOf(type);
        return thingMustExist(thingName)
                .chain(thing -> transactions.commit(session -> attach(session, thing, principal, attachment)));
    }

    /**
     * AttachThingPrincipal in the caller's transaction, for a thing as the registry has just answered it (a
     * registration's thing, which the registry has just provisioned): its id is kept with the attachment.
     */
    public Uni<Outcome<Void>> attach(Mutiny.Session session, ThingSummary thing, String principal, Type attachment) {
        String key = principalKey(principal);
        String thingName = thing.getThingName();
        return principalMustExist(session, key)
                .call(() -> policies.lockTarget(session, key)) // one principal's attachments one write at a time
                .call(() -> notDeletedMeanwhile(session, thing))
                .chain(() -> thingPrincipals.thingsOf(session, key, null, Integer.MAX_VALUE))
                .chain(attached -> {
                    ThingPrincipal same = attached.stream()
                            .filter(existing -> existing.thingName().equals(thingName))
                            .findFirst()
                            .orElse(null);
                    boolean others = attached.size() > (same == null ? 0 : 1);
                    if (others && attachment == Type.EXCLUSIVE_THING) {
                        throw errors.invalidRequest("Principal " + principal
                                + " is attached to other things: it cannot be attached exclusively to "
                                + thingName);
                    }
                    attached.stream()
                            .filter(existing ->
                                    !existing.thingName().equals(thingName) && existing.type() == Type.EXCLUSIVE_THING)
                            .findFirst()
                            .ifPresent(exclusive -> {
                                throw errors.invalidRequest("Principal " + principal + " is attached exclusively to "
                                        + exclusive.thingName());
                            });
                    if (same != null && same.type() == attachment) {
                        return Uni.createFrom().item(new Outcome<Void>(null, List.of()));
                    }
                    if (same == null) {
                        return thingPrincipals
                                .attach(session, key, thingName, thing.getThingId(), attachment, clock.instant())
                                .map(revision -> attached(key, thingName, revision));
                    }
                    return session.remove(same)
                            .call(session::flush)
                            .call(() -> session.persist(new ThingPrincipal(
                                    key, thingName, thing.getThingId(), attachment, clock.instant())))
                            .call(session::flush)
                            .chain(() -> ProvisioningTransactions.change(
                                    session, ResourceType.THING_PRINCIPAL, key, "attached:" + thingName))
                            .map(event -> new Outcome<Void>(null, List.of(event)));
                });
    }

    /**
     * AttachThingPrincipal (NON_EXCLUSIVE_THING) of a certificate that the caller's transaction has just stored, for a
     * thing as the registry has just answered it (a registration's). No other transaction sees the certificate before
     * this one commits, so it has no other attachment and none can be made meanwhile: the certificate's lock, the
     * principal's lock and the read of its things (four statements of {@link #attach(Mutiny.Session, ThingSummary,
     * String, Type)}) are not needed; the thing's deletion since the registry's answer still is.
     */
    public Uni<Outcome<Void>> attachToNewCertificate(
            Mutiny.Session session, ThingSummary thing, String certificateArn) {
        String key = principalKey(certificateArn);
        String thingName = thing.getThingName();
        return notDeletedMeanwhile(session, thing)
                .chain(() -> thingPrincipals.attach(
                        session, key, thingName, thing.getThingId(), Type.NON_EXCLUSIVE_THING, clock.instant()))
                .map(revision -> attached(key, thingName, revision));
    }

    /** @param revision the attachment's change revision, or {@code null} when it existed: no change */
    private static Outcome<Void> attached(String principal, String thingName, Long revision) {
        return new Outcome<>(
                null,
                ProvisioningTransactions.changes(
                        ResourceType.THING_PRINCIPAL, principal, "attached:" + thingName, revision));
    }

    /** Detaching a thing that is not attached changes nothing and succeeds. */
    public Uni<Void> detach(String thingName, String principal) {
        String key = principalKey(principal);
        return thingMustExist(thingName)
                .chain(ignored -> transactions.commit(session -> session.find(
                                ThingPrincipal.class, new ThingPrincipal.Key(key, thingName))
                        .chain(existing -> existing == null
                                ? Uni.createFrom().item(new Outcome<Void>(null, List.of()))
                                : session.remove(existing)
                                        .call(session::flush)
                                        .chain(() -> ProvisioningTransactions.change(
                                                session, ResourceType.THING_PRINCIPAL, key, "detached:" + thingName))
                                        .map(event -> new Outcome<Void>(null, List.of(event))))));
    }

    /** @param type only the attachments of this type, or {@code null} for all */
    public Uni<Page<ThingPrincipal>> principalsOf(String thingName, String type, String nextToken, int maxResults) {
        Map<String, String> filters = Map.of("thingName", thingName, "type", String.valueOf(type));
        String after = nextToken == null ? null : tokens.cursor("ListThingPrincipals", filters, nextToken);
        return registry.find(thingName)
                .invoke(thing -> {
                    if (thing == null) {
                        throw errors.resourceNotFound("Failed to list principals for thing " + thingName
                                + " because the thing does not exist in your account");
                    }
                })
                .chain(thing -> transactions.read(session -> filtered(
                        cursor -> thingPrincipals.principalsOf(session, thingName, cursor, maxResults + 1),
                        ThingPrincipal::principal,
                        after,
                        type,
                        maxResults)))
                .map(found -> Page.of(
                        found, maxResults, last -> tokens.issue("ListThingPrincipals", filters, last.principal())));
    }

    /** @param type only the attachments of this type, or {@code null} for all */
    public Uni<Page<ThingPrincipal>> thingsOf(String principal, String type, String nextToken, int maxResults) {
        String key = principalKey(principal);
        Map<String, String> filters = Map.of("principal", key, "type", String.valueOf(type));
        String after = nextToken == null ? null : tokens.cursor("ListPrincipalThings", filters, nextToken);
        return transactions
                .read(session -> principalMustExist(session, key)
                        .chain(() -> filtered(
                                cursor -> thingPrincipals.thingsOf(session, key, cursor, maxResults + 1),
                                ThingPrincipal::thingName,
                                after,
                                type,
                                maxResults)))
                .map(found -> Page.of(
                        found, maxResults, last -> tokens.issue("ListPrincipalThings", filters, last.thingName())));
    }

    /**
     * Reads keyset pages until {@code maxResults + 1} attachments of the type are found or there are no more: the
     * type filter is applied to what each page read.
     */
    private static Uni<List<ThingPrincipal>> filtered(
            Function<String, Uni<List<ThingPrincipal>>> page,
            Function<ThingPrincipal, String> key,
            String after,
            String type,
            int maxResults) {
        return page.apply(after).chain(read -> {
            List<ThingPrincipal> kept = type == null
                    ? read
                    : read.stream()
                            .filter(found -> found.type().name().equals(type))
                            .toList();
            if (type == null || kept.size() > maxResults || read.size() <= maxResults) {
                return Uni.createFrom().item(kept);
            }
            return filtered(page, key, key.apply(read.getLast()), type, maxResults - kept.size())
                    .map(more -> {
                        List<ThingPrincipal> all = new java.util.ArrayList<>(kept);
                        all.addAll(more);
                        return all;
                    });
        });
    }

    /** A certificate ARN is kept with its id in lower case, as AWS's ids are; a Cognito id as sent. */
    private String principalKey(String principal) {
        String prefix = arns.certificate("");
        return principal.startsWith(prefix)
                ? prefix + principal.substring(prefix.length()).toLowerCase(Locale.ROOT)
                : principal;
    }

    private Uni<ThingSummary> thingMustExist(String thingName) {
        return registry.find(thingName).invoke(thing -> {
            if (thing == null) {
                throw errors.resourceNotFound("Thing " + thingName + " does not exist");
            }
        });
    }

    /**
     * The thing the registry answered may have been deleted since: its deletion's clean-up (io.iotdm.provisioning
     * .deletion) takes the same lock, so either it has run and remembered the deletion, or it runs after this
     * transaction and removes the attachment.
     */
    private Uni<Void> notDeletedMeanwhile(Mutiny.Session session, ThingSummary thing) {
        return deletedResources
                .lock(session, Deletable.THING, thing.getThingName())
                .chain(() ->
                        deletedResources.isDeleted(session, Deletable.THING, thing.getThingName(), thing.getThingId()))
                .invoke(deleted -> {
                    if (deleted) {
                        throw errors.resourceNotFound("Thing " + thing.getThingName() + " does not exist");
                    }
                })
                .replaceWithVoid();
    }

    /** A certificate principal must be one of the account's certificates; a Cognito identity is not checked. */
    private Uni<Void> principalMustExist(Mutiny.Session session, String principal) {
        String prefix = arns.certificate("");
        if (!principal.startsWith(prefix)) {
            if (principal.startsWith("arn:")) {
                throw errors.invalidRequest("Invalid principal: " + principal
                        + " is not a certificate ARN of this account and region, or a Cognito identity id");
            }
            return Uni.createFrom().voidItem();
        }
        return certificates
                .share(session, principal.substring(prefix.length()))
                .invoke(certificate -> {
                    if (certificate == null) {
                        throw errors.resourceNotFound("The certificate " + principal + " does not exist");
                    }
                })
                .replaceWithVoid();
    }
}

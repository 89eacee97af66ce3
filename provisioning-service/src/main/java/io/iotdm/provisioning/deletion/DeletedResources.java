package io.iotdm.provisioning.deletion;

import io.iotdm.aws.protocol.Arns;
import io.iotdm.events.Event;
import io.iotdm.events.ProvisioningChanges.ResourceType;
import io.iotdm.outbox.Outcome;
import io.iotdm.provisioning.store.DeletedResourceRepository;
import io.iotdm.provisioning.store.DeletedResourceRepository.Deletable;
import io.iotdm.provisioning.store.PolicyRepository;
import io.iotdm.provisioning.store.ProvisioningTransactions;
import io.iotdm.provisioning.store.ThingPrincipalRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Removes the attachments of a deleted thing or thing group, and remembers the deletion for the attachments that
 * checked the resource before it was deleted (docs/aws-behaviour.md §6.4). Applying one deletion twice removes nothing
 * the second time.
 */
@ApplicationScoped
public class DeletedResources {

    private final ProvisioningTransactions transactions;
    private final DeletedResourceRepository deleted;
    private final ThingPrincipalRepository thingPrincipals;
    private final PolicyRepository policies;
    private final Arns arns;
    private final Clock clock = Clock.systemUTC();

    DeletedResources(
            ProvisioningTransactions transactions,
            DeletedResourceRepository deleted,
            ThingPrincipalRepository thingPrincipals,
            PolicyRepository policies,
            Arns arns) {
        this.transactions = transactions;
        this.deleted = deleted;
        this.thingPrincipals = thingPrincipals;
        this.policies = policies;
        this.arns = arns;
    }

    /** @return how many principals were attached to the thing */
    public Uni<Integer> thingDeleted(String thingName, String thingId) {
        return applyDeletion(Deletable.THING, thingName, thingId, session -> thingPrincipals
                .detachDeletedThing(session, thingName, thingId)
                .chain(principals -> changes(
                        session,
                        principals,
                        principal -> new Change(ResourceType.THING_PRINCIPAL, principal, "detached:" + thingName))));
    }

    /** @return how many policies were attached to the group */
    public Uni<Integer> thingGroupDeleted(String groupName, String groupId) {
        String groupArn = arns.thingGroup(groupName);
        return applyDeletion(Deletable.THING_GROUP, groupName, groupId, session -> policies.detachDeletedGroup(
                        session, groupArn, groupId)
                .chain(policyNames -> changes(
                        session,
                        policyNames,
                        policyName -> new Change(ResourceType.POLICY_ATTACHMENT, groupArn, "detached:" + policyName))));
    }

    /** Forgets the deletions older than {@code retention}: no attachment checks a resource for that long. */
    public Uni<Integer> prune(Duration retention) {
        return transactions.commit(
                session -> deleted.forget(session, clock.instant().minus(retention))
                        .map(forgotten -> new Outcome<>(forgotten, List.of())));
    }

    private Uni<Integer> applyDeletion(
            Deletable kind, String name, String id, Function<Mutiny.Session, Uni<List<Event>>> detach) {
        return transactions.commit(session -> deleted.lock(session, kind, name)
                .chain(() -> deleted.remember(session, kind, name, id, clock.instant()))
                .chain(() -> detach.apply(session))
                .map(events -> new Outcome<>(events.size(), events)));
    }

    private record Change(ResourceType type, String resourceId, String detail) {}

    private static <T> Uni<List<Event>> changes(Mutiny.Session session, List<T> detached, Function<T, Change> change) {
        Uni<List<Event>> chain = Uni.createFrom().item(new ArrayList<>());
        for (T each : detached) {
            Change next = change.apply(each);
            chain = chain.call(
                    events -> ProvisioningTransactions.change(session, next.type(), next.resourceId(), next.detail())
                            .invoke(events::add));
        }
        return chain;
    }
}

package io.iotdm.group.membership;

import io.iotdm.aws.protocol.PaginationTokens;
import io.iotdm.aws.service.AwsErrors;
import io.iotdm.aws.service.Page;
import io.iotdm.events.Event;
import io.iotdm.group.GroupConfig;
import io.iotdm.group.dynamic.CapArbitration;
import io.iotdm.group.dynamic.DynamicMemberships;
import io.iotdm.group.events.MembershipEvents;
import io.iotdm.group.registry.RegistryThings;
import io.iotdm.group.store.Locks;
import io.iotdm.group.store.Membership;
import io.iotdm.group.store.MembershipRepository;
import io.iotdm.group.store.ThingGroup;
import io.iotdm.group.store.ThingGroupRepository;
import io.iotdm.group.store.VerdictRepository;
import io.iotdm.grpc.registry.v1.ThingSummary;
import io.iotdm.outbox.Outcome;
import io.iotdm.outbox.TransactionalOutbox;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Static membership rules (docs/aws-behaviour.md §1.4): the thing must exist in the registry, a thing is in at most 10
 * groups and never in two groups of one hierarchy. Every membership change takes its own revision and commits with its
 * THING_GROUP_MEMBERSHIP event.
 */
@ApplicationScoped
public class MembershipService {

    private final Pool pool;
    private final TransactionalOutbox outbox;
    private final ThingGroupRepository groups;
    private final MembershipRepository memberships;
    private final MembershipEvents events;
    private final RegistryThings registry;
    private final AwsErrors errors;
    private final PaginationTokens tokens;
    private final GroupConfig config;
    private final Clock clock;
    private final DynamicMemberships dynamic;
    private final VerdictRepository verdicts;
    private final Locks locks;

    MembershipService(
            Pool pool,
            TransactionalOutbox outbox,
            ThingGroupRepository groups,
            MembershipRepository memberships,
            MembershipEvents events,
            RegistryThings registry,
            AwsErrors errors,
            PaginationTokens tokens,
            GroupConfig config,
            Clock clock,
            DynamicMemberships dynamic,
            VerdictRepository verdicts,
            Locks locks) {
        this.pool = pool;
        this.dynamic = dynamic;
        this.verdicts = verdicts;
        this.locks = locks;
        this.outbox = outbox;
        this.groups = groups;
        this.memberships = memberships;
        this.events = events;
        this.registry = registry;
        this.errors = errors;
        this.tokens = tokens;
        this.config = config;
        this.clock = clock;
    }

    /**
     * Removes the thing from {@code toRemove} and adds it to {@code toAdd}, in one transaction: all or nothing. A group
     * the thing is already in (or not in, for a removal) is left as it is. Dynamic groups cannot be named.
     *
     * @param overrideDynamicGroups a thing in as many groups as it may be leaves its most recently created dynamic
     *     groups to make room for the added ones
     */
    public Uni<Void> update(
            String thingName, List<String> toAdd, List<String> toRemove, boolean overrideDynamicGroups) {
        return registry.find(thingName).chain(thing -> {
            if (thing == null) {
                throw errors.resourceNotFound("Thing " + thingName + " does not exist");
            }
            return change(thing, new LinkedHashSet<>(toAdd), new LinkedHashSet<>(toRemove), overrideDynamicGroups);
        });
    }

    public Uni<Void> update(String thingName, List<String> toAdd, List<String> toRemove) {
        return update(thingName, toAdd, toRemove, false);
    }

    /**
     * Removes the thing from the group; a thing that is not in it is left as it is, one that does not exist is
     * ResourceNotFoundException. The thing then joins the dynamic groups that waited for a free slot.
     */
    public Uni<Void> remove(String thingName, String groupName) {
        Instant now = now();
        Uni<Boolean> removed = outbox.commit(transaction -> lockFor(transaction, thingName, Set.of(groupName))
                .chain(locked -> memberships
                        .delete(transaction, thingName, groupName)
                        .chain(membership -> {
                            if (membership == null) {
                                return Uni.createFrom().item(Outcome.of(false));
                            }
                            List<Event> changed = new ArrayList<>();
                            changed.add(events.removed(membership, locked.get(groupName), now));
                            return dynamic.refill(transaction, thingName, membership.thingId(), changed, now)
                                    .map(ignored -> new Outcome<>(true, changed));
                        })));
        // nothing removed: a thing that is not in the group is fine, one the registry does not know is not found
        return removed.chain(left -> left ? Uni.createFrom().voidItem() : requireThing(thingName));
    }

    /**
     * The registry deleted a thing: it leaves all its groups. Idempotent: a deletion seen again finds nothing to
     * remove, and memberships of a thing re-created under the same name (another id) stay.
     *
     * @param registryRevision the registry revision of the deletion (its event's resource-version)
     * @return how many memberships were removed
     */
    public Uni<Integer> thingDeleted(String thingName, String thingId, long registryRevision) {
        Instant now = now();
        return outbox.commit(transaction -> locks.lock(transaction, List.of(), List.of(thingName))
                .chain(() -> memberships.recordDeletion(transaction, thingId, thingName, registryRevision))
                .chain(() -> verdicts.forget(transaction, thingName, thingId))
                .chain(() -> memberships.deleteOfThing(transaction, thingName, thingId))
                .chain(removed -> groups.findAll(
                                transaction,
                                removed.stream().map(Membership::groupName).toList())
                        .map(found -> {
                            Map<String, ThingGroup> byName = byName(found);
                            List<Event> removedEvents = removed.stream()
                                    .map(membership ->
                                            events.removed(membership, byName.get(membership.groupName()), now))
                                    .toList();
                            return new Outcome<>(removed.size(), removedEvents);
                        })));
    }

    public Uni<Integer> pruneDeletedThings() {
        return memberships.pruneDeletions(pool, config.thingEvents().deletedThingRetention());
    }

    /** One page of ListThingsInThingGroup: the group's things, and with {@code recursive} its descendants' too. */
    public Uni<Page<String>> thingsIn(String groupName, boolean recursive, String nextToken, int maxResults) {
        Map<String, String> parameters = Map.of("thingGroupName", groupName, "recursive", Boolean.toString(recursive));
        String after = nextToken == null ? null : tokens.cursor("ListThingsInThingGroup", parameters, nextToken);
        return groups.find(pool, groupName)
                .chain(group -> {
                    if (group == null) {
                        throw groupNotFound(groupName);
                    }
                    return recursive
                            ? groups.subtree(pool, groupName)
                            : Uni.createFrom().item(List.of(groupName));
                })
                .chain(groupNames -> memberships.thingsIn(pool, groupNames, after, maxResults + 1))
                .map(found ->
                        Page.of(found, maxResults, last -> tokens.issue("ListThingsInThingGroup", parameters, last)));
    }

    /**
     * One keyset page of the things of a group and of its descendants (each once, in name order), for the gRPC stream
     * that expands a job's thing-group target; none when the group does not exist (or is being deleted).
     */
    public Uni<List<String>> thingsInSubtree(String groupName, String afterThing, int limit) {
        return groups.subtree(pool, groupName)
                .chain(groupNames -> groupNames.isEmpty()
                        ? Uni.createFrom().item(List.<String>of())
                        : memberships.thingsIn(pool, groupNames, afterThing, limit));
    }

    /** One page of ListThingGroupsForThing: the thing's direct groups. */
    public Uni<Page<String>> groupsOf(String thingName, String nextToken, int maxResults) {
        Map<String, String> parameters = Map.of("thingName", thingName);
        String after = nextToken == null ? null : tokens.cursor("ListThingGroupsForThing", parameters, nextToken);
        return memberships
                .groupsOf(pool, thingName, after, maxResults + 1)
                .call(found -> found.isEmpty() && after == null
                        ? requireThing(thingName)
                        : Uni.createFrom().voidItem())
                .map(found ->
                        Page.of(found, maxResults, last -> tokens.issue("ListThingGroupsForThing", parameters, last)));
    }

    /** The thing's memberships with their groups, in group name order. */
    public Uni<List<Map.Entry<Membership, ThingGroup>>> groupsOfThing(String thingName) {
        return memberships.ofThing(pool, thingName).chain(found -> groups.findAll(
                        pool, found.stream().map(Membership::groupName).toList())
                .map(groupList -> {
                    Map<String, ThingGroup> byName = byName(groupList);
                    List<Map.Entry<Membership, ThingGroup>> result = new ArrayList<>();
                    for (Membership membership : found) {
                        ThingGroup group = byName.get(membership.groupName());
                        if (group != null && !group.deleting()) {
                            result.add(Map.entry(membership, group));
                        }
                    }
                    return result;
                }));
    }

    /** One page of all memberships in (thing name, group name) order, but those of groups being deleted. */
    public Uni<List<Map.Entry<Membership, ThingGroup>>> page(String afterThing, String afterGroup, int limit) {
        return memberships.page(pool, afterThing, afterGroup, limit).chain(found -> groups.findAll(
                        pool, found.stream().map(Membership::groupName).collect(Collectors.toCollection(TreeSet::new)))
                .map(groupList -> {
                    Map<String, ThingGroup> byName = byName(groupList);
                    List<Map.Entry<Membership, ThingGroup>> result = new ArrayList<>();
                    for (Membership membership : found) {
                        // a group deleted since the page was read is null here: the page keeps its size
                        result.add(
                                new AbstractMap.SimpleImmutableEntry<>(membership, byName.get(membership.groupName())));
                    }
                    return result;
                }));
    }

    private Uni<Void> change(ThingSummary thing, Set<String> toAdd, Set<String> toRemove, boolean override) {
        String thingName = thing.getThingName();
        Set<String> involved = new TreeSet<>(toAdd);
        involved.addAll(toRemove);
        Instant now = now();
        return outbox.commit(transaction -> lockFor(transaction, thingName, involved)
                .call(() -> memberships.deleted(transaction, thing.getThingId()).invoke(deleted -> {
                    if (deleted) {
                        throw errors.resourceNotFound("Thing " + thingName + " does not exist");
                    }
                }))
                .chain(locked -> memberships.ofThing(transaction, thingName).chain(current -> {
                    Set<String> currentNames =
                            current.stream().map(Membership::groupName).collect(Collectors.toSet());
                    List<String> removing =
                            toRemove.stream().filter(currentNames::contains).toList();
                    Set<String> remaining = new TreeSet<>(currentNames);
                    removing.forEach(remaining::remove);
                    List<String> adding = toAdd.stream()
                            .filter(name -> !remaining.contains(name))
                            .toList();
                    return groups.findAll(transaction, remaining).chain(found -> {
                        // a group being deleted holds its members back from nothing: they are leaving it
                        List<ThingGroup> kept = found.stream()
                                .filter(group -> !group.deleting())
                                .toList();
                        int resultSize = kept.size() + adding.size();
                        List<ThingGroup> evicted = List.of();
                        int limit = config.limits().maxGroupsPerThing();
                        if (override && !adding.isEmpty() && resultSize > limit) {
                            List<ThingGroup> room = CapArbitration.evictions(kept, resultSize - limit);
                            if (room != null) {
                                evicted = room;
                            }
                        }
                        List<ThingGroup> stay = new ArrayList<>(kept);
                        stay.removeAll(evicted);
                        check(thingName, stay, adding.stream().map(locked::get).toList(), resultSize - evicted.size());
                        return apply(transaction, thing, removing, adding, locked, evicted, now);
                    });
                })));
    }

    /** Dynamic groups get and lose things by their queries only. */
    private Uni<Void> refuseDynamic(Collection<ThingGroup> named) {
        for (ThingGroup group : named) {
            if (group.isDynamic()) {
                return Uni.createFrom()
                        .failure(errors.invalidRequest("The membership of dynamic thing group " + group.name()
                                + " cannot be changed manually: its query decides it"));
            }
        }
        return Uni.createFrom().voidItem();
    }

    /** The limit of groups per thing, and no two groups of one hierarchy (the same root group). */
    private void check(String thingName, List<ThingGroup> kept, List<ThingGroup> adding, int resultSize) {
        int limit = config.limits().maxGroupsPerThing();
        if (resultSize > limit && !adding.isEmpty()) {
            throw errors.invalidRequest("Thing " + thingName + " cannot be in more than " + limit + " thing groups");
        }
        List<ThingGroup> seen = new ArrayList<>(kept);
        for (ThingGroup group : adding) {
            for (ThingGroup other : seen) {
                if (other.root().equals(group.root())) {
                    throw errors.invalidRequest("Thing " + thingName + " cannot be added to thing group "
                            + group.name() + ": it is already in thing group " + other.name()
                            + " of the same hierarchy (root group " + group.root() + ")");
                }
            }
            seen.add(group);
        }
    }

    private Uni<Outcome<Void>> apply(
            SqlClient transaction,
            ThingSummary thing,
            List<String> removing,
            List<String> adding,
            Map<String, ThingGroup> locked,
            List<ThingGroup> evicted,
            Instant now) {
        List<Event> changed = new ArrayList<>();
        Uni<Void> steps = Uni.createFrom().voidItem();
        for (ThingGroup group : evicted) {
            steps = steps.chain(() -> memberships.delete(transaction, thing.getThingName(), group.name()))
                    .invoke(removed -> changed.add(events.removed(removed, group, now)))
                    .replaceWithVoid();
        }
        for (String groupName : removing) {
            steps = steps.chain(() -> memberships.delete(transaction, thing.getThingName(), groupName))
                    .invoke(removed -> changed.add(events.removed(removed, locked.get(groupName), now)))
                    .replaceWithVoid();
        }
        for (String groupName : adding) {
            steps = steps.chain(
                            () -> memberships.insert(transaction, thing.getThingName(), groupName, thing.getThingId()))
                    .invoke(added -> changed.add(events.added(added, locked.get(groupName), now)))
                    .replaceWithVoid();
        }
        if (!removing.isEmpty()) {
            steps = steps.chain(
                    () -> dynamic.refill(transaction, thing.getThingName(), thing.getThingId(), changed, now));
        }
        return steps.map(done -> new Outcome<>(null, changed));
    }

    /**
     * Locks the named groups, the other groups a change of the thing's dynamic memberships may touch, then the thing
     * ({@link Locks}); fails when a named group does not exist or is dynamic.
     *
     * @return the named groups, by name
     */
    private Uni<Map<String, ThingGroup>> lockFor(SqlClient transaction, String thingName, Set<String> names) {
        return locks.lock(transaction, names, List.of(thingName), List.of(thingName))
                .map(found -> {
                    Map<String, ThingGroup> named = new LinkedHashMap<>();
                    for (String name : new TreeSet<>(names)) {
                        ThingGroup group = found.get(name);
                        if (group == null) {
                            throw groupNotFound(name);
                        }
                        named.put(name, group);
                    }
                    return named;
                })
                .call(named -> refuseDynamic(named.values()));
    }

    private Uni<Void> requireThing(String thingName) {
        return registry.find(thingName)
                .invoke(thing -> {
                    if (thing == null) {
                        throw errors.resourceNotFound("Thing " + thingName + " does not exist");
                    }
                })
                .replaceWithVoid();
    }

    private static Map<String, ThingGroup> byName(List<ThingGroup> groups) {
        return groups.stream()
                .collect(Collectors.toMap(ThingGroup::name, Function.identity(), (a, b) -> a, LinkedHashMap::new));
    }

    private RuntimeException groupNotFound(String name) {
        return errors.resourceNotFound("Thing group " + name + " does not exist");
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}

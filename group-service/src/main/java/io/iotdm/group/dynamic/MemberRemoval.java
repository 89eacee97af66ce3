package io.iotdm.group.dynamic;

import io.iotdm.events.Event;
import io.iotdm.group.GroupConfig;
import io.iotdm.group.events.MembershipEvents;
import io.iotdm.group.store.Locks;
import io.iotdm.group.store.MembershipRepository;
import io.iotdm.group.store.ThingGroup;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Removes members of a group in batches, for a group's deletion ({@code GroupDeletions}) and a backfill's end
 * ({@link BackfillPages}): under the things' locks, in a few statements however many they are (thing by thing took
 * 80 s for 100,000 members), each with its removal event; then those that may have waited for a free slot (at the limit
 * of groups before) join the dynamic groups they match. A batch bounds the advisory locks that one transaction holds.
 */
@ApplicationScoped
public class MemberRemoval {

    private final Locks locks;
    private final MembershipRepository memberships;
    private final DynamicMemberships dynamic;
    private final MembershipEvents events;
    private final int maxGroupsPerThing;

    MemberRemoval(
            Locks locks,
            MembershipRepository memberships,
            DynamicMemberships dynamic,
            MembershipEvents events,
            GroupConfig config) {
        this.locks = locks;
        this.memberships = memberships;
        this.dynamic = dynamic;
        this.events = events;
        this.maxGroupsPerThing = config.limits().maxGroupsPerThing();
    }

    /**
     * Removes at most {@code batch} members of the group (locked by the caller's transaction FOR UPDATE).
     *
     * @param unconfirmedBefore {@code null} to remove any member; a query revision to remove only the members not
     *     confirmed under it or a later one
     * @return the names of the members picked to leave (all of those left when fewer than {@code batch}, whether this
     *     transaction removed them or a concurrent one did, such as a thing's deletion)
     */
    public Uni<List<String>> removeMembers(
            SqlClient transaction,
            ThingGroup group,
            Long unconfirmedBefore,
            int batch,
            List<Event> changed,
            Instant at) {
        return memberships
                .members(transaction, group.name(), unconfirmedBefore, batch)
                .chain(leaving -> {
                    if (leaving.isEmpty()) {
                        return Uni.createFrom().item(List.<String>of());
                    }
                    // the groups a refill may lock, before the things' locks (the lock order); a refill decides on
                    // its verdicts under the thing's lock
                    return memberships
                            .crowded(transaction, leaving, maxGroupsPerThing)
                            .chain(crowded -> locks.lock(transaction, List.of(), crowded, leaving))
                            .chain(() ->
                                    memberships.deleteMembers(transaction, group.name(), leaving, unconfirmedBefore))
                            .chain(left -> {
                                Map<String, String> removed = new TreeMap<>();
                                left.forEach(membership -> {
                                    changed.add(events.removed(membership, group, at));
                                    removed.put(membership.thingName(), membership.thingId());
                                });
                                List<String> names = List.copyOf(removed.keySet());
                                return memberships
                                        .crowded(transaction, names, maxGroupsPerThing - 1)
                                        .chain(waiting -> inTurn(
                                                waiting,
                                                thingName -> dynamic.refill(
                                                        transaction, thingName, removed.get(thingName), changed, at)))
                                        .replaceWith(leaving);
                            });
                });
    }

    /**
     * Runs the steps one after another, without nesting them: a group of 100,000 members is 100,000 steps, which a
     * chain of {@code chain}s would overflow the stack with.
     */
    static <T> Uni<Void> inTurn(List<T> items, Function<T, Uni<?>> step) {
        return Multi.createFrom()
                .iterable(items)
                .onItem()
                .transformToUniAndConcatenate(step)
                .collect()
                .last()
                .replaceWithVoid();
    }
}

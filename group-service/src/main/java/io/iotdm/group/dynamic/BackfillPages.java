package io.iotdm.group.dynamic;

import io.iotdm.events.DynamicGroupMessages.Verdict;
import io.iotdm.events.Event;
import io.iotdm.group.GroupConfig;
import io.iotdm.group.events.MembershipEvents;
import io.iotdm.group.store.Locks;
import io.iotdm.group.store.MembershipRepository;
import io.iotdm.group.store.ThingGroup;
import io.iotdm.group.store.ThingGroupRepository;
import io.iotdm.group.store.VerdictRepository;
import io.iotdm.group.store.VerdictRepository.Match;
import io.iotdm.group.store.VerdictRepository.Verdicts;
import io.iotdm.outbox.Outcome;
import io.iotdm.outbox.TransactionalOutbox;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a backfill ({@link Backfills}) writes: its pages of matches, each in one transaction, and its end (the members
 * not confirmed under the backfilled query leave, and the group becomes ACTIVE).
 */
@ApplicationScoped
public class BackfillPages {

    private final TransactionalOutbox outbox;
    private final Locks locks;
    private final ThingGroupRepository groups;
    private final MembershipRepository memberships;
    private final VerdictRepository verdicts;
    private final DynamicMemberships dynamic;
    private final MemberRemoval removal;
    private final MembershipEvents events;
    private final GroupConfig config;
    private final Clock clock;

    BackfillPages(
            TransactionalOutbox outbox,
            Locks locks,
            ThingGroupRepository groups,
            MembershipRepository memberships,
            VerdictRepository verdicts,
            DynamicMemberships dynamic,
            MemberRemoval removal,
            MembershipEvents events,
            GroupConfig config,
            Clock clock) {
        this.outbox = outbox;
        this.locks = locks;
        this.groups = groups;
        this.memberships = memberships;
        this.verdicts = verdicts;
        this.dynamic = dynamic;
        this.removal = removal;
        this.events = events;
        this.config = config;
        this.clock = clock;
    }

    /**
     * Applies one page of a backfill's matches for a group at a query revision, in one transaction: each match is a
     * matching verdict for that group, unless the thing's last applied document is newer.
     *
     * @return {@code false} when the group no longer has that query revision (the backfill is superseded)
     */
    public Uni<Boolean> applyMatches(String groupName, long queryRevision, List<Match> matches) {
        Instant now = now();
        List<Match> ordered = new ArrayList<>(matches);
        ordered.sort(Comparator.comparing(Match::thingName));
        List<String> thingNames = ordered.stream().map(Match::thingName).toList();
        return outbox.commit(transaction -> locks.lock(transaction, List.of(groupName), thingNames, thingNames)
                .chain(locked -> {
                    ThingGroup group = locked.get(groupName);
                    if (group == null || !group.isDynamic() || group.dynamic().queryRevision() != queryRevision) {
                        return Uni.createFrom().item(Outcome.of(false));
                    }
                    List<Event> changed = new ArrayList<>();
                    return verdicts.newcomers(
                                    transaction,
                                    ordered,
                                    groupName,
                                    config.limits().maxGroupsPerThing())
                            .chain(newcomers -> joinNewcomers(
                                            transaction,
                                            group,
                                            ordered.stream()
                                                    .filter(match -> newcomers.contains(match.thingName()))
                                                    .toList(),
                                            changed,
                                            now)
                                    .chain(() -> others(transaction, group, ordered, newcomers, changed, now)))
                            .map(ignored -> new Outcome<>(true, changed));
                }));
    }

    /**
     * Ends a backfill: the members of the group not confirmed under its current query leave it, a batch of them per
     * transaction, and it becomes ACTIVE — only if the group still has the query revision that was backfilled.
     *
     * @return whether the group became ACTIVE
     */
    public Uni<Boolean> finishBackfill(String groupName, long queryRevision) {
        int batch = config.removalBatchSize();
        // each step: empty while unconfirmed members remain, then whether the group became ACTIVE
        return Multi.createBy()
                .repeating()
                .uni(() -> outbox.commit(transaction -> groups.lockForUpdate(transaction, groupName)
                        .chain(group -> {
                            if (group == null
                                    || !group.isDynamic()
                                    || group.dynamic().queryRevision() != queryRevision
                                    || ThingGroup.Dynamic.ACTIVE.equals(
                                            group.dynamic().status())) {
                                return Uni.createFrom().item(Outcome.of(Optional.of(false)));
                            }
                            List<Event> changed = new ArrayList<>();
                            return removal.removeMembers(transaction, group, queryRevision, batch, changed, now())
                                    .chain(picked -> picked.size() < batch
                                            ? groups.activate(transaction, groupName)
                                                    .replaceWith(Optional.of(true))
                                            : Uni.createFrom().item(Optional.<Boolean>empty()))
                                    .map(activated -> new Outcome<>(activated, changed));
                        })))
                .whilst(Optional::isEmpty)
                .collect()
                .last()
                .map(Optional::orElseThrow);
    }

    /** Newcomers join: their verdict for the group, their memberships and events, in one statement each. */
    private Uni<Void> joinNewcomers(
            SqlClient transaction, ThingGroup group, List<Match> newcomers, List<Event> changed, Instant at) {
        if (newcomers.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        long revision = group.dynamic().queryRevision();
        return verdicts.addMatches(transaction, newcomers, group.name(), revision)
                .chain(() -> memberships.insertDynamic(
                        transaction,
                        newcomers.stream().map(Match::thingName).toArray(String[]::new),
                        newcomers.stream().map(Match::thingId).toArray(String[]::new),
                        group.name(),
                        revision))
                .invoke(joined -> joined.forEach(membership -> changed.add(events.added(membership, group, at))))
                .replaceWithVoid();
    }

    /** The other matches, one by one: their verdicts are weighed with the thing's others ({@link CapArbitration}). */
    private Uni<Void> others(
            SqlClient transaction,
            ThingGroup group,
            List<Match> ordered,
            Set<String> newcomers,
            List<Event> changed,
            Instant at) {
        return MemberRemoval.inTurn(
                ordered.stream()
                        .filter(match -> !newcomers.contains(match.thingName()))
                        .toList(),
                match -> applyMatch(transaction, group, match, changed, at));
    }

    private Uni<Void> applyMatch(
            SqlClient transaction, ThingGroup group, Match match, List<Event> changed, Instant at) {
        return memberships.deleted(transaction, match.thingId()).chain(deleted -> {
            if (deleted) {
                return Uni.createFrom().voidItem();
            }
            return verdicts.verdicts(transaction, match.thingName()).chain(stored -> {
                if (stored != null && stored.version().compareTo(match.version()) > 0) {
                    return Uni.createFrom().voidItem(); // a newer document was decided: that decides
                }
                Map<String, Verdict> merged = new LinkedHashMap<>();
                if (stored != null && stored.thingId().equals(match.thingId())) {
                    merged.putAll(stored.groups());
                }
                merged.put(group.name(), new Verdict(group.dynamic().queryRevision(), true));
                Verdicts applied = new Verdicts(match.thingId(), match.version(), merged);
                return verdicts.save(transaction, match.thingName(), applied)
                        .chain(() -> dynamic.reconcile(transaction, match.thingName(), applied, changed, at));
            });
        });
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}

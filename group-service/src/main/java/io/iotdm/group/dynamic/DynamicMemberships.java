package io.iotdm.group.dynamic;

import io.iotdm.events.DynamicGroupMessages.Decision;
import io.iotdm.events.DynamicGroupMessages.Verdict;
import io.iotdm.events.Event;
import io.iotdm.group.GroupConfig;
import io.iotdm.group.events.MembershipEvents;
import io.iotdm.group.store.Locks;
import io.iotdm.group.store.MembershipRepository;
import io.iotdm.group.store.ThingGroup;
import io.iotdm.group.store.VerdictRepository;
import io.iotdm.group.store.VerdictRepository.Verdicts;
import io.iotdm.outbox.Outcome;
import io.iotdm.outbox.TransactionalOutbox;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Dynamic group memberships (docs/aws-behaviour.md §1.5): the indexing-service's verdicts (a {@link Decision}, or a
 * backfill's match) are kept per thing ({@link VerdictRepository}) with the version of the thing document they came
 * from, and a thing's dynamic memberships are reconciled with them ({@link CapArbitration} decides, this carries it
 * out). A verdict for a revision of a group's query other than the current one is kept but not acted on: the group's
 * backfill decides.
 */
@ApplicationScoped
public class DynamicMemberships {

    private static final Logger LOG = Logger.getLogger(DynamicMemberships.class);

    private final TransactionalOutbox outbox;
    private final Locks locks;
    private final MembershipRepository memberships;
    private final VerdictRepository verdicts;
    private final MembershipEvents events;
    private final CapArbitration arbitration;
    private final Clock clock;

    DynamicMemberships(
            TransactionalOutbox outbox,
            Locks locks,
            MembershipRepository memberships,
            VerdictRepository verdicts,
            MembershipEvents events,
            GroupConfig config,
            Clock clock) {
        this.outbox = outbox;
        this.locks = locks;
        this.memberships = memberships;
        this.verdicts = verdicts;
        this.events = events;
        this.arbitration = new CapArbitration(config.limits().maxGroupsPerThing());
        this.clock = clock;
    }

    /**
     * Applies a decision of the indexing-service.
     *
     * @return whether it was applied (not stale, not of a deleted thing)
     */
    public Uni<Boolean> apply(Decision decision) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        String thingName = decision.thingName();
        return outbox.commit(transaction -> locks.lock(
                        transaction, matching(decision.groups()), List.of(thingName), List.of(thingName))
                .chain(() -> memberships.deleted(transaction, decision.thingId()))
                .chain(deleted -> {
                    if (deleted) {
                        return Uni.createFrom().item(Outcome.of(false));
                    }
                    return verdicts.verdicts(transaction, thingName).chain(stored -> {
                        // an older document is ignored; the same one again (a redelivery) applies harmlessly
                        if (stored != null && decision.version().compareTo(stored.version()) < 0) {
                            return Uni.createFrom().item(Outcome.of(false));
                        }
                        Verdicts applied = new Verdicts(
                                decision.thingId(),
                                decision.version(),
                                decision.thingDeleted() ? Map.of() : decision.groups());
                        List<Event> changed = new ArrayList<>();
                        Uni<Void> leaving = decision.thingDeleted()
                                ? leaveAllDynamic(transaction, thingName, changed, now)
                                : Uni.createFrom().voidItem();
                        return leaving.chain(() -> verdicts.save(transaction, thingName, applied))
                                .chain(() -> reconcile(transaction, thingName, applied, changed, now))
                                .map(ignored -> new Outcome<>(true, changed));
                    });
                }));
    }

    /**
     * The thing just left groups: it joins the dynamic groups that it matches and waits for. Hold the locks that
     * {@link Locks#lock} takes for the thing.
     *
     * @param thingId the thing's current id: verdicts of another thing of the same name are not acted on
     */
    public Uni<Void> refill(SqlClient transaction, String thingName, String thingId, List<Event> changed, Instant at) {
        return verdicts.verdicts(transaction, thingName).chain(stored -> {
            if (stored == null
                    || !stored.thingId().equals(thingId)
                    || stored.groups().isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            return reconcile(transaction, thingName, stored, changed, at);
        });
    }

    /** Brings the thing's dynamic memberships in line with its verdicts. Hold the thing's lock. */
    public Uni<Void> reconcile(
            SqlClient transaction, String thingName, Verdicts thingVerdicts, List<Event> changed, Instant at) {
        return memberships.rowsOf(transaction, thingName).chain(current -> {
            // the groups that can change: the thing's own, and those it matches (locking every group a decision names
            // would write a row lock into each of them per decision)
            TreeSet<String> names = new TreeSet<>(matching(thingVerdicts.groups()));
            current.forEach(row -> names.add(row.membership().groupName()));
            return locks.relockUnderThing(transaction, names).chain(found -> {
                Map<String, ThingGroup> byName =
                        found.stream().collect(Collectors.toMap(ThingGroup::name, Function.identity()));
                CapArbitration.Plan plan = arbitration.decide(thingVerdicts.groups(), current, byName);
                plan.refused()
                        .forEach(refused -> LOG.warnf(
                                "AddThingToDynamicThingGroupsFailed: thing %s matches dynamic thing group %s but is"
                                        + " already in %d thing groups",
                                thingName, refused.group().name(), refused.groups()));
                Uni<Void> steps = Uni.createFrom().voidItem();
                for (CapArbitration.Step step : plan.steps()) {
                    steps = steps.chain(
                            () -> carryOut(transaction, thingName, thingVerdicts.thingId(), step, changed, at));
                }
                return steps;
            });
        });
    }

    private Uni<Void> carryOut(
            SqlClient transaction,
            String thingName,
            String thingId,
            CapArbitration.Step step,
            List<Event> changed,
            Instant at) {
        ThingGroup group = step.group();
        return switch (step) {
            case CapArbitration.Join join ->
                memberships
                        .insertDynamic(
                                transaction,
                                thingName,
                                group.name(),
                                thingId,
                                group.dynamic().queryRevision())
                        .invoke(added -> changed.add(events.added(added, group, at)))
                        .replaceWithVoid();
            case CapArbitration.Leave leave -> leave(transaction, thingName, group, changed, at);
            case CapArbitration.Stamp stamp ->
                memberships.stamp(transaction, thingName, group.name(), stamp.queryRevision());
        };
    }

    private Uni<Void> leave(
            SqlClient transaction, String thingName, ThingGroup group, List<Event> changed, Instant at) {
        return memberships
                .delete(transaction, thingName, group.name())
                .invoke(removed -> {
                    if (removed != null) {
                        changed.add(events.removed(removed, group, at));
                    }
                })
                .replaceWithVoid();
    }

    private Uni<Void> leaveAllDynamic(SqlClient transaction, String thingName, List<Event> changed, Instant at) {
        return memberships.rowsOf(transaction, thingName).chain(current -> {
            List<String> names = current.stream()
                    .filter(row -> row.queryRevision() != null)
                    .map(row -> row.membership().groupName())
                    .toList();
            if (names.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            return locks.relockUnderThing(transaction, names).chain(found -> {
                Uni<Void> steps = Uni.createFrom().voidItem();
                for (ThingGroup group : found) {
                    if (group.isDynamic()) {
                        steps = steps.chain(() -> leave(transaction, thingName, group, changed, at));
                    }
                }
                return steps;
            });
        });
    }

    /** The groups these verdicts match. */
    private static List<String> matching(Map<String, Verdict> verdicts) {
        return verdicts.entrySet().stream()
                .filter(entry -> entry.getValue().matches())
                .map(Map.Entry::getKey)
                .toList();
    }
}

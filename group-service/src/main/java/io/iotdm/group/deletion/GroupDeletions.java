package io.iotdm.group.deletion;

import io.iotdm.aws.protocol.Arns;
import io.iotdm.events.Event;
import io.iotdm.group.GroupConfig;
import io.iotdm.group.dynamic.MemberRemoval;
import io.iotdm.group.events.ThingGroupEvents;
import io.iotdm.group.store.ThingGroup;
import io.iotdm.group.store.ThingGroupRepository;
import io.iotdm.group.store.VerdictRepository;
import io.iotdm.outbox.Outcome;
import io.iotdm.outbox.TransactionalOutbox;
import io.iotdm.tags.TagRepository;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Deletes thing groups in steps, each a transaction that removes at most {@code removal-batch-size} members with their
 * removal events, under those things' locks: one transaction for a whole group held an advisory lock per member, more
 * than PostgreSQL's lock table holds by default for a group of a few thousand things. The first step marks the group
 * (from then on it is gone for every operation, and a dynamic group's definition is withdrawn); the last deletes it,
 * with its THING_GROUP and THING_GROUP_HIERARCHY events, after every membership removal. A deletion that a crash
 * interrupted is finished by the coordinator of any instance, or by a creation of the same name.
 */
@ApplicationScoped
public class GroupDeletions {

    /**
     * Where a deletion stands after a step.
     *
     * @param revision the revision of the group's deletion, when this step deleted it
     */
    public record Step(boolean done, Long revision) {

        public static final Step NOTHING_TO_DO = new Step(true, null);
        static final Step MORE = new Step(false, null);
    }

    private final Pool pool;
    private final TransactionalOutbox outbox;
    private final ThingGroupRepository groups;
    private final MemberRemoval removal;
    private final VerdictRepository verdicts;
    private final TagRepository tags;
    private final ThingGroupEvents events;
    private final Arns arns;
    private final Clock clock;
    private final int batchSize;

    GroupDeletions(
            Pool pool,
            TransactionalOutbox outbox,
            ThingGroupRepository groups,
            MemberRemoval removal,
            VerdictRepository verdicts,
            TagRepository tags,
            ThingGroupEvents events,
            Arns arns,
            Clock clock,
            GroupConfig config) {
        this.pool = pool;
        this.outbox = outbox;
        this.groups = groups;
        this.removal = removal;
        this.verdicts = verdicts;
        this.tags = tags;
        this.events = events;
        this.arns = arns;
        this.clock = clock;
        this.batchSize = config.removalBatchSize();
    }

    /**
     * One step of a group's deletion, in the caller's transaction, the group locked FOR UPDATE (and, for the first
     * step, checked).
     */
    public Uni<Outcome<Step>> step(SqlClient transaction, ThingGroup group, Instant at) {
        List<Event> changed = new ArrayList<>();
        // the lock order: groups (the parent kept for the hierarchy event), then things
        Uni<ThingGroup> parent = group.parentName() == null
                ? Uni.createFrom().nullItem()
                : groups.lockForUpdate(transaction, group.parentName());
        return parent.chain(ignored -> group.deleting()
                        ? Uni.createFrom().voidItem()
                        : groups.markDeleting(transaction, group.name())
                                .invoke(revision -> {
                                    if (group.isDynamic()) {
                                        changed.add(ThingGroupEvents.definition(group, revision, true)
                                                .event());
                                    }
                                })
                                .replaceWithVoid())
                .chain(() -> removal.removeMembers(transaction, group, null, batchSize, changed, at))
                .chain(removed -> removed.size() < batchSize
                        ? deleteRow(transaction, group, changed, at)
                        : Uni.createFrom().item(Step.MORE))
                .map(step -> new Outcome<>(step, changed));
    }

    /**
     * Runs the remaining steps of the deletion of the group of this name, if it is being deleted.
     *
     * @return the revision of the group's deletion, {@code null} when another step deleted it or there was none
     */
    public Uni<Long> finish(String name) {
        return Multi.createBy()
                .repeating()
                .uni(() -> outbox.commit(transaction -> groups.lockDeleting(transaction, name)
                        .chain(group -> group == null
                                ? Uni.createFrom().item(Outcome.of(Step.NOTHING_TO_DO))
                                : step(transaction, group, now()))))
                .whilst(step -> !step.done())
                .collect()
                .last()
                .map(Step::revision);
    }

    /**
     * Finishes every deletion that is not finished: those a crash interrupted (and those running now, harmlessly: the
     * steps of one group wait for each other).
     *
     * @return how many groups were being deleted
     */
    public Uni<Integer> finishAll() {
        return groups.deleting(pool).chain(names -> Multi.createFrom()
                .iterable(names)
                .onItem()
                .transformToUniAndConcatenate(this::finish)
                .collect()
                .last()
                .replaceWith(names.size()));
    }

    private Uni<Step> deleteRow(SqlClient transaction, ThingGroup group, List<Event> changed, Instant at) {
        return tags.removeAll(transaction, arns.thingGroup(group.name()))
                .chain(() -> groups.delete(transaction, group.name()))
                .call(revision -> group.isDynamic()
                        ? verdicts.recordSweep(transaction, group.name(), revision)
                        : Uni.createFrom().voidItem())
                .map(revision -> {
                    changed.addAll(events.deleted(group, revision, at));
                    return new Step(true, revision);
                });
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}

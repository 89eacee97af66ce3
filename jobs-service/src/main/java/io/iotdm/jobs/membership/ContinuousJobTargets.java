package io.iotdm.jobs.membership;

import io.iotdm.aws.protocol.Arns;
import io.iotdm.events.Event;
import io.iotdm.jobs.peer.ThingGroups;
import io.iotdm.jobs.store.ContinuousTargetRepository;
import io.iotdm.jobs.store.ContinuousTargetRepository.Reach;
import io.iotdm.jobs.store.DeviceNotifications;
import io.iotdm.jobs.store.ExecutionRepository;
import io.iotdm.jobs.store.ExecutionStatus;
import io.iotdm.jobs.store.JobExecution;
import io.iotdm.jobs.store.JobStatus;
import io.iotdm.jobs.store.JobsEvents;
import io.iotdm.outbox.Outcome;
import io.iotdm.outbox.TransactionalOutbox;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Brings one thing's place in the continuous jobs up to date with its groups as they are now (docs/aws-behaviour.md
 * §5.19). The thing's groups are asked of the group-service when the change is applied, not taken from the event, so
 * events applied late, twice or out of order all end in the same state; the revision applied per thing lets a
 * redelivery skip the question.
 */
@ApplicationScoped
class ContinuousJobTargets {

    private final ContinuousTargetRepository targets;
    private final ExecutionRepository executions;
    private final JobsEvents events;
    private final DeviceNotifications notifications;
    private final ThingGroups thingGroups;
    private final TransactionalOutbox outbox;
    private final Pool pool;
    private final Arns arns;
    private final Clock clock;

    ContinuousJobTargets(
            ContinuousTargetRepository targets,
            ExecutionRepository executions,
            JobsEvents events,
            DeviceNotifications notifications,
            ThingGroups thingGroups,
            TransactionalOutbox outbox,
            Pool pool,
            Arns arns,
            Clock clock) {
        this.targets = targets;
        this.executions = executions;
        this.events = events;
        this.notifications = notifications;
        this.thingGroups = thingGroups;
        this.outbox = outbox;
        this.pool = pool;
        this.arns = arns;
        this.clock = clock;
    }

    /** Applies the thing's membership changes up to {@code revision}. */
    Uni<Void> membershipChanged(String thingName, long revision) {
        return targets.appliedRevision(pool, thingName).chain(applied -> {
            if (applied >= revision) {
                return Uni.createFrom().voidItem();
            }
            // most memberships concern no continuous job: those skip the group-service
            return targets.anyTakingGroupMembers(pool)
                    .chain(any -> any
                            ? thingGroups.groupsReaching(thingName).chain(groups -> apply(thingName, revision, groups))
                            : Uni.createFrom().voidItem());
        });
    }

    private Uni<Void> apply(String thingName, long revision, Set<String> groupIds) {
        Instant now = clock.instant();
        return outbox.commit(transaction -> targets.applied(transaction, thingName, revision)
                        .chain(() ->
                                targets.lockConcerned(transaction, thingName, arns.thing(thingName), groupIds, now))
                        .chain(concerned -> {
                            Uni<List<Event>> chain = Uni.createFrom().item(new ArrayList<>());
                            for (Reach reach : concerned) {
                                chain = chain.chain(all -> change(transaction, thingName, reach, now)
                                        .map(more -> {
                                            all.addAll(more);
                                            return all;
                                        }));
                            }
                            return chain.map(all -> new Outcome<>((Void) null, all));
                        }))
                .replaceWithVoid();
    }

    /**
     * A thing a job reaches and does not target yet joins it: queued at once when the job is in progress (AWS: later
     * joiners of a continuous job are not paced by the rollout rate), else when its rollout starts. A thing the job
     * targets and no longer reaches leaves it: its QUEUED execution turns REMOVED (AWS's numberOfRemovedThings: things
     * "no longer scheduled to execute the job because they have been ... removed from the group that was a target");
     * one IN_PROGRESS runs to its end.
     */
    private Uni<List<Event>> change(SqlConnection transaction, String thingName, Reach reach, Instant now) {
        if (reach.reached() && !reach.targeted()) {
            boolean inProgress = reach.status() == JobStatus.IN_PROGRESS;
            Uni<Void> joined = targets.join(transaction, reach.jobId(), thingName, inProgress);
            if (!inProgress) {
                return joined.replaceWith(List.<Event>of());
            }
            return joined.chain(() -> executions.queue(transaction, reach.jobId(), List.of(thingName), now))
                    .chain(() -> notifications.changed(transaction, List.of(thingName), now));
        }
        if (!reach.reached() && reach.targeted()) {
            return targets.leave(transaction, reach.jobId(), thingName)
                    .chain(() -> executions.lockQueued(transaction, reach.jobId(), thingName))
                    .chain(queued -> {
                        List<JobExecution> removed = new ArrayList<>(queued.size());
                        Uni<Void> chain = Uni.createFrom().voidItem();
                        for (JobExecution execution : queued) {
                            JobExecution after = execution.updated(ExecutionStatus.REMOVED, null, false, now);
                            removed.add(after);
                            chain = chain.chain(() -> executions.update(transaction, after));
                        }
                        return chain.chain(() -> events.executions(transaction, removed, false, now));
                    });
        }
        return Uni.createFrom().item(List.of());
    }
}

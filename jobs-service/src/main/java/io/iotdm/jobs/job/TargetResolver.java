package io.iotdm.jobs.job;

import io.iotdm.aws.service.AwsErrors;
import io.iotdm.grpc.group.v1.GroupRecord;
import io.iotdm.jobs.peer.ThingGroups;
import io.iotdm.jobs.store.JobRepository;
import io.iotdm.jobs.store.JobRepository.ThingGroupTarget;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A job's targets resolved to things through the group-service (docs/aws-behaviour.md §5.5): for CreateJob and for
 * AssociateTargetsWithJob, which feed the rollout the same way. The groups are checked before the job's transaction;
 * their things are written into the rollout's target things inside it, page by page as the group-service streams them,
 * so that a group's membership is never held in memory whole (issue 17: a job over 1,000,000 things).
 */
@ApplicationScoped
class TargetResolver {

    /**
     * Names written into {@code job_target_thing} by one statement: a bounded array in memory and in the statement,
     * big enough that a page's round trip is small against its insert.
     */
    private static final int PAGE = 5_000;

    /** The thing groups targeted, and the things named (not those of the groups: {@link #addThings}). */
    record ResolvedTargets(List<ThingGroupTarget> groups, List<String> things) {}

    private final ThingGroups thingGroups;
    private final JobRepository jobs;
    private final AwsErrors errors;

    TargetResolver(ThingGroups thingGroups, JobRepository jobs, AwsErrors errors) {
        this.thingGroups = thingGroups;
        this.jobs = jobs;
        this.errors = errors;
    }

    Uni<ResolvedTargets> resolve(JobTargets targets) {
        return groups(targets.groupNames()).map(groups -> new ResolvedTargets(groups, targets.thingNames()));
    }

    /**
     * Adds the things the targets reach to the job's rollout after position {@code after}: those named, then each
     * group's (with its descendants'), page by page; a thing reached twice keeps its first place.
     */
    Uni<Void> addThings(SqlConnection transaction, String jobId, ResolvedTargets targets, int after) {
        AtomicInteger last = new AtomicInteger(after);
        Function<List<String>, Uni<Void>> page =
                things -> jobs.addTargetThings(transaction, jobId, last.getAndAdd(things.size()), things);
        Uni<Void> chain = targets.things().isEmpty() ? Uni.createFrom().voidItem() : page.apply(targets.things());
        for (ThingGroupTarget group : targets.groups()) {
            chain = chain.chain(() -> thingGroups.thingsIn(group.name(), PAGE, page));
        }
        return chain;
    }

    /** The thing groups the job targets, each of which must exist. */
    private Uni<List<ThingGroupTarget>> groups(List<String> names) {
        if (names.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return thingGroups.describe(names).map(found -> {
            Map<String, GroupRecord> byName =
                    found.stream().collect(Collectors.toMap(GroupRecord::getGroupName, Function.identity()));
            List<ThingGroupTarget> groups = new ArrayList<>();
            for (String name : names) {
                GroupRecord group = byName.get(name);
                if (group == null) {
                    throw errors.resourceNotFound("Thing group " + name + " does not exist.");
                }
                groups.add(new ThingGroupTarget(name, group.getGroupId()));
            }
            return groups;
        });
    }
}

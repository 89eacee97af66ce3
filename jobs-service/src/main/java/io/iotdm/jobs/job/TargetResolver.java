package io.iotdm.jobs.job;

import io.iotdm.aws.service.AwsErrors;
import io.iotdm.grpc.group.v1.GroupRecord;
import io.iotdm.jobs.peer.ThingGroups;
import io.iotdm.jobs.store.JobRepository.ThingGroupTarget;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A job's targets resolved to things through the group-service (docs/aws-behaviour.md §5.5): for CreateJob and for
 * AssociateTargetsWithJob, which feed the rollout the same way.
 */
@ApplicationScoped
class TargetResolver {

    /** The thing groups targeted, and every thing reached (those named, then each group's), each once. */
    record ResolvedTargets(List<ThingGroupTarget> groups, List<String> things) {}

    private final ThingGroups thingGroups;
    private final AwsErrors errors;

    TargetResolver(ThingGroups thingGroups, AwsErrors errors) {
        this.thingGroups = thingGroups;
        this.errors = errors;
    }

    Uni<ResolvedTargets> resolve(JobTargets targets) {
        return groups(targets.groupNames())
                .chain(groups -> things(targets, groups).map(things -> new ResolvedTargets(groups, things)));
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

    /** The things the job reaches: those it names, then each group's (with its descendants'), each once. */
    private Uni<List<String>> things(JobTargets targets, List<ThingGroupTarget> groups) {
        Uni<Set<String>> chain = Uni.createFrom().item(new LinkedHashSet<>(targets.thingNames()));
        for (ThingGroupTarget group : groups) {
            chain = chain.chain(things -> thingGroups.thingsIn(group.name()).map(members -> {
                things.addAll(members);
                return things;
            }));
        }
        return chain.map(List::copyOf);
    }
}

package io.iotdm.devicegateway.logging;

import io.iotdm.devicegateway.DeviceGatewayConfig;
import io.iotdm.grpc.group.v1.GroupRef;
import io.iotdm.grpc.group.v1.MutinyGroupsGrpc;
import io.iotdm.grpc.group.v1.ThingGroupOfThing;
import io.iotdm.grpc.group.v1.ThingGroupsOfThingRequest;
import io.quarkus.grpc.GrpcClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A thing's groups, each as its path from the root group down to the group itself, from group-service
 * ({@code ThingGroupsOfThing}); asked only while some log target is a thing group. An answer is kept for {@link
 * DeviceGatewayConfig#identityTtl()} and dropped at once when the thing's memberships or a group hierarchy change
 * ({@link #forget}, {@link #forgetAll}: the gateway reads those events anyway). A failed question is not kept.
 */
@ApplicationScoped
public class ThingGroupsOfThings {

    /** Past this many answers, the expired ones are dropped (one per connected thing is the need). */
    private static final int PRUNE_ABOVE = 10_000;

    private record Entry(CompletableFuture<List<List<String>>> paths, long loadedNanos) {}

    private final MutinyGroupsGrpc.MutinyGroupsStub groups;
    private final long ttlNanos;
    private final long deadlineMillis;
    private final Map<String, Entry> answers = new ConcurrentHashMap<>();

    ThingGroupsOfThings(@GrpcClient("groups") MutinyGroupsGrpc.MutinyGroupsStub groups, DeviceGatewayConfig config) {
        this.groups = groups;
        this.ttlNanos = config.identityTtl().toNanos();
        this.deadlineMillis = config.provisioningDeadline().toMillis();
    }

    /** @return each group of the thing as the group names from the root down to it; none for a thing in no group */
    CompletableFuture<List<List<String>>> paths(String thingName) {
        long now = System.nanoTime();
        if (answers.size() > PRUNE_ABOVE) {
            answers.values().removeIf(entry -> now - entry.loadedNanos() > ttlNanos);
        }
        return answers.compute(
                        thingName,
                        (name, known) -> known != null
                                        && now - known.loadedNanos() <= ttlNanos
                                        && !known.paths().isCompletedExceptionally()
                                ? known
                                : new Entry(load(name), now))
                .paths();
    }

    /** The thing joined or left a group. */
    public void forget(String thingName) {
        answers.remove(thingName);
    }

    /** A group moved, or was deleted: any path may have changed. */
    public void forgetAll() {
        answers.clear();
    }

    private CompletableFuture<List<List<String>>> load(String thingName) {
        return groups.withDeadlineAfter(deadlineMillis, TimeUnit.MILLISECONDS)
                .thingGroupsOfThing(ThingGroupsOfThingRequest.newBuilder()
                        .setThingName(thingName)
                        .build())
                .map(answer -> answer.getGroupsList().stream()
                        .map(ThingGroupsOfThings::path)
                        .toList())
                .subscribeAsCompletionStage();
    }

    private static List<String> path(ThingGroupOfThing group) {
        List<String> path = new ArrayList<>();
        group.getRootToParentList().stream().map(GroupRef::getGroupName).forEach(path::add);
        path.add(group.getGroup().getGroupName());
        return List.copyOf(path);
    }
}

package io.iotdm.jobs.peer;

import io.grpc.Status;
import io.iotdm.aws.service.AwsErrors;
import io.iotdm.grpc.group.v1.DescribeThingGroupsRequest;
import io.iotdm.grpc.group.v1.GroupRecord;
import io.iotdm.grpc.group.v1.GroupRef;
import io.iotdm.grpc.group.v1.MutinyGroupsGrpc;
import io.iotdm.grpc.group.v1.StreamThingsInGroupRequest;
import io.iotdm.grpc.group.v1.ThingGroupOfThing;
import io.iotdm.grpc.group.v1.ThingGroupsOfThingRequest;
import io.iotdm.grpc.group.v1.ThingInGroup;
import io.iotdm.grpc.service.PeerFailures;
import io.iotdm.jobs.JobsConfig;
import io.quarkus.grpc.GrpcClient;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Thing groups as the group-service answers over gRPC (iotdm.group.v1.Groups). A group-service that does not answer
 * in time makes the operation fail with AWS's ServiceUnavailableException (503).
 */
@ApplicationScoped
public class ThingGroups {

    private final MutinyGroupsGrpc.MutinyGroupsStub groups;
    private final AwsErrors errors;
    private final long deadlineMillis;
    private final long streamDeadlineMillis;

    ThingGroups(@GrpcClient("groups") MutinyGroupsGrpc.MutinyGroupsStub groups, AwsErrors errors, JobsConfig config) {
        this.groups = groups;
        this.errors = errors;
        this.deadlineMillis = config.peerDeadline().toMillis();
        this.streamDeadlineMillis = config.peerStreamDeadline().toMillis();
    }

    /** The groups of these names that exist, in name order. */
    public Uni<List<GroupRecord>> describe(List<String> groupNames) {
        return unavailableAsAws(
                groups.withDeadlineAfter(deadlineMillis, TimeUnit.MILLISECONDS)
                        .describeThingGroups(DescribeThingGroupsRequest.newBuilder()
                                .addAllThingGroupNames(groupNames)
                                .build())
                        .map(answer -> answer.getGroupsList()),
                "DescribeThingGroups");
    }

    /**
     * The things of the group and of its descendants, each once, in name order, handed to {@code page} in pages of
     * {@code pageSize} names one after the other (the next once the last's Uni is done). The names are not held back
     * while a page is written (the stub's stream has no flow control), so a group-service faster than the writes fills
     * memory with the names ahead: the paging bounds each statement, not memory. The peer deadline bounds the wait for
     * each name (a page's write included) and {@code peer-stream-deadline} the whole stream: a group of 20,000 things
     * already streamed (and was written) for longer than the 5 s default, and failed CreateJob with a 503
     * (docs/benchmarks.md, "Rollout pace and CreateJob over a dynamic group").
     */
    public Uni<Void> thingsIn(String groupName, int pageSize, Function<List<String>, Uni<Void>> page) {
        return unavailableAsAws(
                groups.withDeadlineAfter(streamDeadlineMillis, TimeUnit.MILLISECONDS)
                        .streamThingsInGroup(StreamThingsInGroupRequest.newBuilder()
                                .setThingGroupName(groupName)
                                .build())
                        .ifNoItem()
                        .after(Duration.ofMillis(deadlineMillis))
                        .failWith(() -> Status.DEADLINE_EXCEEDED
                                .withDescription("no thing of group " + groupName + " for " + deadlineMillis + " ms")
                                .asRuntimeException())
                        .map(ThingInGroup::getThingName)
                        .group()
                        .intoLists()
                        .of(pageSize)
                        .onItem()
                        .call(page::apply)
                        .collect()
                        .last()
                        .replaceWithVoid(),
                "StreamThingsInGroup");
    }

    /**
     * The ids of the groups the thing is in now (static and dynamic) and of their ancestors: the groups whose jobs
     * reach the thing (a job that targets a group reaches its descendants' things, docs/aws-behaviour.md §5.5).
     */
    public Uni<Set<String>> groupsReaching(String thingName) {
        return unavailableAsAws(
                groups.withDeadlineAfter(deadlineMillis, TimeUnit.MILLISECONDS)
                        .thingGroupsOfThing(ThingGroupsOfThingRequest.newBuilder()
                                .setThingName(thingName)
                                .build())
                        .map(answer -> {
                            Set<String> ids = new LinkedHashSet<>();
                            for (ThingGroupOfThing group : answer.getGroupsList()) {
                                ids.add(group.getGroup().getGroupId());
                                group.getRootToParentList().stream()
                                        .map(GroupRef::getGroupId)
                                        .forEach(ids::add);
                            }
                            return ids;
                        }),
                "ThingGroupsOfThing");
    }

    private <T> Uni<T> unavailableAsAws(Uni<T> call, String method) {
        return PeerFailures.asAws(call, "group-service", method, errors::iot);
    }
}

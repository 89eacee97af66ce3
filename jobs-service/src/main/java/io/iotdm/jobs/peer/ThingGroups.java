package io.iotdm.jobs.peer;

import io.iotdm.aws.service.AwsErrors;
import io.iotdm.grpc.group.v1.DescribeThingGroupsRequest;
import io.iotdm.grpc.group.v1.GroupRecord;
import io.iotdm.grpc.group.v1.MutinyGroupsGrpc;
import io.iotdm.grpc.group.v1.StreamThingsInGroupRequest;
import io.iotdm.grpc.group.v1.ThingInGroup;
import io.iotdm.grpc.service.PeerFailures;
import io.iotdm.jobs.JobsConfig;
import io.quarkus.grpc.GrpcClient;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Thing groups as the group-service answers over gRPC (iotdm.group.v1.Groups). A group-service that does not answer
 * in time makes the operation fail with AWS's ServiceUnavailableException (503).
 */
@ApplicationScoped
public class ThingGroups {

    private final MutinyGroupsGrpc.MutinyGroupsStub groups;
    private final AwsErrors errors;
    private final long deadlineMillis;

    ThingGroups(@GrpcClient("groups") MutinyGroupsGrpc.MutinyGroupsStub groups, AwsErrors errors, JobsConfig config) {
        this.groups = groups;
        this.errors = errors;
        this.deadlineMillis = config.peerDeadline().toMillis();
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

    /** The things of the group and of its descendants, each once, in name order. */
    public Uni<List<String>> thingsIn(String groupName) {
        return unavailableAsAws(
                groups.withDeadlineAfter(deadlineMillis, TimeUnit.MILLISECONDS)
                        .streamThingsInGroup(StreamThingsInGroupRequest.newBuilder()
                                .setThingGroupName(groupName)
                                .build())
                        .map(ThingInGroup::getThingName)
                        .collect()
                        .asList(),
                "StreamThingsInGroup");
    }

    private <T> Uni<T> unavailableAsAws(Uni<T> call, String method) {
        return PeerFailures.asAws(call, "group-service", method, errors::iot);
    }
}

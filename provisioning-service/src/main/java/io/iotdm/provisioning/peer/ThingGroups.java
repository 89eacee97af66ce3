package io.iotdm.provisioning.peer;

import io.iotdm.aws.service.AwsErrors;
import io.iotdm.grpc.group.v1.AddThingToThingGroupsRequest;
import io.iotdm.grpc.group.v1.DescribeThingGroupsRequest;
import io.iotdm.grpc.group.v1.GroupRecord;
import io.iotdm.grpc.group.v1.GroupRef;
import io.iotdm.grpc.group.v1.MutinyGroupsGrpc;
import io.iotdm.grpc.group.v1.ThingGroupOfThing;
import io.iotdm.grpc.group.v1.ThingGroupsOfThingRequest;
import io.iotdm.grpc.service.PeerFailures;
import io.iotdm.provisioning.ProvisioningConfig;
import io.quarkus.grpc.GrpcClient;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Thing groups as the group-service answers over gRPC (iotdm.group.v1.Groups). */
@ApplicationScoped
public class ThingGroups {

    private final MutinyGroupsGrpc.MutinyGroupsStub groups;
    private final AwsErrors errors;
    private final long deadlineMillis;

    ThingGroups(
            @GrpcClient("groups") MutinyGroupsGrpc.MutinyGroupsStub groups,
            AwsErrors errors,
            ProvisioningConfig config) {
        this.groups = groups;
        this.errors = errors;
        this.deadlineMillis = config.peerDeadline().toMillis();
    }

    /** @return the group with its ancestry, or {@code null} when there is none of that name (or it is being deleted) */
    public Uni<GroupRecord> find(String groupName) {
        return PeerFailures.asAws(
                groups.withDeadlineAfter(deadlineMillis, TimeUnit.MILLISECONDS)
                        .describeThingGroups(DescribeThingGroupsRequest.newBuilder()
                                .addThingGroupNames(groupName)
                                .build())
                        .map(answer -> answer.getGroupsList().stream()
                                .filter(group -> group.getGroupName().equals(groupName))
                                .findFirst()
                                .orElse(null)),
                "group-service",
                "DescribeThingGroups",
                errors::iot);
    }

    /** @return the groups the thing belongs to, each with its ancestry from the root; none for an unknown thing */
    public Uni<List<ThingGroupOfThing>> groupsOf(String thingName) {
        return PeerFailures.asAws(
                groups.withDeadlineAfter(deadlineMillis, TimeUnit.MILLISECONDS)
                        .thingGroupsOfThing(ThingGroupsOfThingRequest.newBuilder()
                                .setThingName(thingName)
                                .build())
                        .map(answer -> answer.getGroupsList()),
                "group-service",
                "ThingGroupsOfThing",
                errors::iot);
    }

    /**
     * Puts the thing into the static groups a template names; with {@code replace} it leaves its other static groups.
     *
     * @return the named groups, in the order named
     */
    public Uni<List<GroupRef>> addThingToGroups(String thingName, List<String> groupNames, boolean replace) {
        return PeerFailures.asAws(
                groups.withDeadlineAfter(deadlineMillis, TimeUnit.MILLISECONDS)
                        .addThingToThingGroups(AddThingToThingGroupsRequest.newBuilder()
                                .setThingName(thingName)
                                .addAllThingGroupNames(groupNames)
                                .setReplace(replace)
                                .build())
                        .map(answer -> answer.getGroupsList()),
                "group-service",
                "AddThingToThingGroups",
                errors::iot);
    }
}

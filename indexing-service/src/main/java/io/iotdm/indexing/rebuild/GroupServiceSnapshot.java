package io.iotdm.indexing.rebuild;

import io.iotdm.grpc.group.v1.GroupRecord;
import io.iotdm.grpc.group.v1.GroupsGrpc;
import io.iotdm.grpc.group.v1.MembershipRecord;
import io.iotdm.grpc.group.v1.StreamGroupsRequest;
import io.iotdm.grpc.group.v1.StreamMembershipsRequest;
import io.quarkus.grpc.GrpcClient;
import jakarta.inject.Singleton;

/**
 * The group-service's groups and memberships, the system of record that the thing-group index and the thing index's
 * memberships are filled from (group.proto's StreamGroups, StreamMemberships). Blocking streams, held back by gRPC's
 * flow control while the index is slower.
 */
@Singleton
class GroupServiceSnapshot {

    private final GroupsGrpc.GroupsBlockingStub groups;

    GroupServiceSnapshot(@GrpcClient("groups") GroupsGrpc.GroupsBlockingStub groups) {
        this.groups = groups;
    }

    /** Every group, in name order. */
    CallStream<GroupRecord> groups() {
        return CallStream.open(() -> groups.streamGroups(StreamGroupsRequest.getDefaultInstance()));
    }

    /** Every membership, in (thing, group) order. */
    CallStream<MembershipRecord> memberships() {
        return CallStream.open(() -> groups.streamMemberships(StreamMembershipsRequest.getDefaultInstance()));
    }
}

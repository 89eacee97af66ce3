package io.iotdm.group.grpc;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.iotdm.group.GroupConfig;
import io.iotdm.group.membership.MembershipService;
import io.iotdm.group.membership.ProvisionedMemberships;
import io.iotdm.group.store.Membership;
import io.iotdm.group.store.ThingGroup;
import io.iotdm.group.thinggroup.ThingGroupService;
import io.iotdm.grpc.group.v1.AddThingToThingGroupsRequest;
import io.iotdm.grpc.group.v1.AddThingToThingGroupsResponse;
import io.iotdm.grpc.group.v1.DescribeThingGroupsRequest;
import io.iotdm.grpc.group.v1.DescribeThingGroupsResponse;
import io.iotdm.grpc.group.v1.GroupRecord;
import io.iotdm.grpc.group.v1.GroupRef;
import io.iotdm.grpc.group.v1.GroupsGrpc;
import io.iotdm.grpc.group.v1.MembershipRecord;
import io.iotdm.grpc.group.v1.StreamGroupsRequest;
import io.iotdm.grpc.group.v1.StreamMembershipsRequest;
import io.iotdm.grpc.group.v1.StreamThingsInGroupRequest;
import io.iotdm.grpc.group.v1.ThingGroupOfThing;
import io.iotdm.grpc.group.v1.ThingGroupsOfThingRequest;
import io.iotdm.grpc.group.v1.ThingGroupsOfThingResponse;
import io.iotdm.grpc.group.v1.ThingInGroup;
import io.iotdm.grpc.outbox.v1.AwaitPublishedRequest;
import io.iotdm.grpc.outbox.v1.AwaitPublishedResponse;
import io.iotdm.grpc.service.FlowControlledStream;
import io.iotdm.grpc.service.GrpcAnswers;
import io.iotdm.outbox.OutboxBarrier;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * The group-service's gRPC contract (platform/grpc-api: iotdm.group.v1.Groups), served on the HTTP port. The streams
 * read keyset pages one at a time, at the pace of the client ({@link FlowControlledStream}).
 */
@GrpcService
class GroupGrpcService extends GroupsGrpc.GroupsImplBase {

    private final ThingGroupService groups;
    private final MembershipService memberships;
    private final ProvisionedMemberships provisioned;
    private final int pageSize;
    private final OutboxBarrier outbox;

    GroupGrpcService(
            ThingGroupService groups,
            MembershipService memberships,
            ProvisionedMemberships provisioned,
            GroupConfig config,
            OutboxBarrier outbox) {
        this.groups = groups;
        this.memberships = memberships;
        this.provisioned = provisioned;
        this.outbox = outbox;
        this.pageSize = config.stream().pageSize();
    }

    @Override
    public void thingGroupsOfThing(
            ThingGroupsOfThingRequest request, StreamObserver<ThingGroupsOfThingResponse> responses) {
        if (request.getThingName().isEmpty()) {
            responses.onError(invalid("thing_name is required"));
            return;
        }
        GrpcAnswers.unary(
                memberships.groupsOfThing(request.getThingName()).map(found -> {
                    ThingGroupsOfThingResponse.Builder answer = ThingGroupsOfThingResponse.newBuilder();
                    for (Map.Entry<Membership, ThingGroup> entry : found) {
                        ThingGroup group = entry.getValue();
                        answer.addGroups(ThingGroupOfThing.newBuilder()
                                .setGroup(ref(group.name(), group.id()))
                                .addAllRootToParent(ancestry(group))
                                .setMembershipRevision(entry.getKey().revision()));
                    }
                    return answer.build();
                }),
                responses);
    }

    @Override
    public void addThingToThingGroups(
            AddThingToThingGroupsRequest request, StreamObserver<AddThingToThingGroupsResponse> responses) {
        if (request.getThingName().isEmpty()) {
            responses.onError(invalid("thing_name is required"));
            return;
        }
        GrpcAnswers.unary(
                provisioned
                        .add(request.getThingName(), request.getThingGroupNamesList(), request.getReplace())
                        .map(added -> AddThingToThingGroupsResponse.newBuilder()
                                .addAllGroups(added.stream()
                                        .map(group -> ref(group.name(), group.id()))
                                        .toList())
                                .build()),
                responses);
    }

    @Override
    public void describeThingGroups(
            DescribeThingGroupsRequest request, StreamObserver<DescribeThingGroupsResponse> responses) {
        GrpcAnswers.unary(
                groups.describeAll(request.getThingGroupNamesList())
                        .map(found -> DescribeThingGroupsResponse.newBuilder()
                                .addAllGroups(found.stream().map(this::record).toList())
                                .build()),
                responses);
    }

    @Override
    public void streamGroups(StreamGroupsRequest request, StreamObserver<GroupRecord> responses) {
        String after = request.getAfterGroupName().isEmpty() ? null : request.getAfterGroupName();
        FlowControlledStream.send(
                pages(after, cursor -> groups.page(cursor, pageSize), ThingGroup::name)
                        .map(this::record),
                responses);
    }

    @Override
    public void streamMemberships(StreamMembershipsRequest request, StreamObserver<MembershipRecord> responses) {
        if (request.getAfterThingName().isEmpty()
                && !request.getAfterGroupName().isEmpty()) {
            responses.onError(invalid("after_group_name needs after_thing_name"));
            return;
        }
        String[] start = {request.getAfterThingName(), request.getAfterGroupName()};
        FlowControlledStream.send(
                pages(start, cursor -> memberships.page(cursor[0], cursor[1], pageSize), entry -> new String[] {
                            entry.getKey().thingName(), entry.getKey().groupName()
                        })
                        .map(entry -> membershipRecord(entry.getKey(), entry.getValue())),
                responses);
    }

    @Override
    public void streamThingsInGroup(StreamThingsInGroupRequest request, StreamObserver<ThingInGroup> responses) {
        if (request.getThingGroupName().isEmpty()) {
            responses.onError(invalid("thing_group_name is required"));
            return;
        }
        String group = request.getThingGroupName();
        FlowControlledStream.send(
                pages("", after -> memberships.thingsInSubtree(group, after, pageSize), Function.identity())
                        .map(thing ->
                                ThingInGroup.newBuilder().setThingName(thing).build()),
                responses);
    }

    /** Keyset pages, each read when the subscriber asks for more than the previous one held; a short page is the last. */
    private <C, T> Multi<T> pages(C start, Function<C, Uni<List<T>>> read, Function<T, C> cursorOf) {
        return Multi.createBy()
                .repeating()
                .uni(() -> new AtomicReference<>(start), cursor -> read.apply(cursor.get())
                        .invoke(page -> {
                            if (!page.isEmpty()) {
                                cursor.set(cursorOf.apply(page.getLast()));
                            }
                        }))
                .whilst(page -> page.size() == pageSize)
                .onItem()
                .disjoint();
    }

    private GroupRecord record(ThingGroup group) {
        return GroupRecord.newBuilder()
                .setGroupName(group.name())
                .setGroupId(group.id())
                .setGroupArn(groups.arn(group.name()))
                .setVersion(group.version())
                .setRevision(group.revision())
                .setParentGroupName(Objects.requireNonNullElse(group.parentName(), ""))
                .addAllRootToParent(ancestry(group))
                .setDescription(Objects.requireNonNullElse(group.description(), ""))
                .putAllAttributes(group.attributes())
                .setCreationDateMillis(group.creationDate().toEpochMilli())
                .setLastModifiedMillis(group.lastModified().toEpochMilli())
                .setDynamic(group.isDynamic())
                .build();
    }

    private static MembershipRecord membershipRecord(Membership membership, ThingGroup group) {
        return MembershipRecord.newBuilder()
                .setThingName(membership.thingName())
                .setThingId(membership.thingId())
                .setGroupName(membership.groupName())
                .setGroupId(group == null ? "" : group.id())
                .setMembershipId(membership.membershipId())
                .setRevision(membership.revision())
                .build();
    }

    private List<GroupRef> ancestry(ThingGroup group) {
        List<GroupRef> refs = new java.util.ArrayList<>();
        for (int i = 0; i < group.ancestors().size(); i++) {
            refs.add(ref(group.ancestors().get(i), group.ancestorIds().get(i)));
        }
        return refs;
    }

    private GroupRef ref(String name, String id) {
        return GroupRef.newBuilder()
                .setGroupName(name)
                .setGroupId(id)
                .setGroupArn(groups.arn(name))
                .build();
    }

    @Override
    public void awaitPublished(AwaitPublishedRequest request, StreamObserver<AwaitPublishedResponse> responses) {
        GrpcAnswers.unary(
                outbox.published(Duration.ofMillis(request.getMaxWaitMillis()))
                        .map(published -> AwaitPublishedResponse.newBuilder()
                                .setPublished(published)
                                .build()),
                responses);
    }

    private static RuntimeException invalid(String message) {
        return Status.INVALID_ARGUMENT.withDescription(message).asRuntimeException();
    }
}

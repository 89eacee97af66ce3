package io.iotdm.group.grpc;

import static io.iotdm.group.Api.add;
import static io.iotdm.group.Api.createChild;
import static io.iotdm.group.Api.createGroup;
import static io.iotdm.group.Api.unique;
import static io.iotdm.group.Api.updateGroup;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.iotdm.group.Dynamic;
import io.iotdm.group.GroupTestResource;
import io.iotdm.group.TestRegistry;
import io.iotdm.grpc.group.v1.DescribeThingGroupsRequest;
import io.iotdm.grpc.group.v1.GroupRecord;
import io.iotdm.grpc.group.v1.GroupRef;
import io.iotdm.grpc.group.v1.GroupsGrpc;
import io.iotdm.grpc.group.v1.MembershipRecord;
import io.iotdm.grpc.group.v1.StreamGroupsRequest;
import io.iotdm.grpc.group.v1.StreamMembershipsRequest;
import io.iotdm.grpc.group.v1.StreamThingsInGroupRequest;
import io.iotdm.grpc.group.v1.ThingGroupOfThing;
import io.iotdm.grpc.group.v1.ThingGroupsOfThingRequest;
import io.iotdm.grpc.outbox.v1.AwaitPublishedRequest;
import io.iotdm.testing.InternalTestCalls;
import io.iotdm.testing.KafkaTopicReader;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Groups gRPC contract, called by a real gRPC client over plaintext HTTP/2 on the service's HTTP port. The test
 * profile pages the streams in threes.
 */
@QuarkusTest
@GroupTestResource
class GroupGrpcTest {

    private static final String ARN = "arn:aws:iot:us-east-1:123456789012:thinggroup/";

    @TestHTTPResource
    URL http;

    @Inject
    TestRegistry registry;

    private ManagedChannel channel;
    private GroupsGrpc.GroupsBlockingStub groups;

    @BeforeEach
    void connect() {
        channel = InternalTestCalls.channel(http);
        groups = GroupsGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
    }

    @AfterEach
    void disconnect() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    @Test
    void thingGroupsOfThingAnswersEachGroupWithItsAncestryFromTheRoot() {
        String root = unique("root");
        String mid = unique("mid");
        String leaf = unique("leaf");
        String other = unique("other");
        String rootId = createGroup(root).statusCode(200).extract().path("thingGroupId");
        String midId = createChild(mid, root).statusCode(200).extract().path("thingGroupId");
        String leafId = createChild(leaf, mid).statusCode(200).extract().path("thingGroupId");
        String otherId = createGroup(other).statusCode(200).extract().path("thingGroupId");
        String thing = unique("t");
        registry.put(thing);
        add(thing, leaf).statusCode(200);
        add(thing, other).statusCode(200);

        List<ThingGroupOfThing> found = groups.thingGroupsOfThing(ThingGroupsOfThingRequest.newBuilder()
                        .setThingName(thing)
                        .build())
                .getGroupsList();

        ThingGroupOfThing inLeaf = found.stream()
                .filter(group -> group.getGroup().getGroupName().equals(leaf))
                .findFirst()
                .orElseThrow();
        assertThat(inLeaf.getGroup()).isEqualTo(ref(leaf, leafId));
        assertThat(inLeaf.getRootToParentList()).containsExactly(ref(root, rootId), ref(mid, midId));
        assertThat(inLeaf.getMembershipRevision()).isPositive();
        ThingGroupOfThing inOther = found.stream()
                .filter(group -> group.getGroup().getGroupName().equals(other))
                .findFirst()
                .orElseThrow();
        assertThat(inOther.getGroup()).isEqualTo(ref(other, otherId));
        assertThat(inOther.getRootToParentList()).isEmpty();
        assertThat(found).hasSize(2);

        assertThat(groups.thingGroupsOfThing(ThingGroupsOfThingRequest.newBuilder()
                                .setThingName(unique("none"))
                                .build())
                        .getGroupsList())
                .isEmpty();
        assertThatThrownBy(() -> groups.thingGroupsOfThing(ThingGroupsOfThingRequest.getDefaultInstance()))
                .isInstanceOf(StatusRuntimeException.class)
                .extracting(failure ->
                        ((StatusRuntimeException) failure).getStatus().getCode())
                .isEqualTo(Status.Code.INVALID_ARGUMENT);
    }

    @Test
    void describeThingGroupsAnswersTheGroupsThatExistWithTheirAncestry() {
        String root = unique("root");
        String leaf = unique("leaf");
        String dynamic = unique("dyn");
        String rootId = createGroup(root).statusCode(200).extract().path("thingGroupId");
        createChild(leaf, root).statusCode(200);
        Dynamic.createDynamicWithQuery(dynamic, "attributes.site:kitchen").statusCode(200);

        List<GroupRecord> found = groups.describeThingGroups(DescribeThingGroupsRequest.newBuilder()
                        .addThingGroupNames(leaf)
                        .addThingGroupNames(unique("none"))
                        .addThingGroupNames(dynamic)
                        .build())
                .getGroupsList();

        assertThat(found).extracting(GroupRecord::getGroupName).containsExactlyInAnyOrder(leaf, dynamic);
        GroupRecord inLeaf = found.stream()
                .filter(group -> group.getGroupName().equals(leaf))
                .findFirst()
                .orElseThrow();
        assertThat(inLeaf.getRootToParentList()).containsExactly(ref(root, rootId));
        assertThat(inLeaf.getDynamic()).isFalse();
        assertThat(found.stream()
                        .filter(group -> group.getGroupName().equals(dynamic))
                        .findFirst()
                        .orElseThrow()
                        .getDynamic())
                .isTrue();
    }

    @Test
    void streamGroupsAnswersEveryGroupInNameOrderAcrossPages() {
        String prefix = unique("sg");
        createGroup(
                        prefix + "-0",
                        "{\"thingGroupProperties\":{\"thingGroupDescription\":\"d\","
                                + "\"attributePayload\":{\"attributes\":{\"a\":\"1\"}}}}")
                .statusCode(200);
        for (int i = 1; i < 7; i++) {
            createChild(prefix + "-" + i, prefix + "-0").statusCode(200);
        }
        updateGroup(prefix + "-0", "{\"thingGroupProperties\":{\"thingGroupDescription\":\"d2\"}}")
                .statusCode(200);

        List<GroupRecord> streamed = new ArrayList<>();
        groups.streamGroups(StreamGroupsRequest.getDefaultInstance()).forEachRemaining(record -> {
            if (record.getGroupName().startsWith(prefix)) {
                streamed.add(record);
            }
        });
        assertThat(streamed.stream().map(GroupRecord::getGroupName))
                .containsExactly(
                        prefix + "-0",
                        prefix + "-1",
                        prefix + "-2",
                        prefix + "-3",
                        prefix + "-4",
                        prefix + "-5",
                        prefix + "-6");
        GroupRecord root = streamed.getFirst();
        assertThat(root.getGroupArn()).isEqualTo(ARN + prefix + "-0");
        assertThat(root.getVersion()).isEqualTo(2);
        assertThat(root.getDescription()).isEqualTo("d2");
        assertThat(root.getAttributesMap()).containsExactlyEntriesOf(java.util.Map.of("a", "1"));
        assertThat(root.getParentGroupName()).isEmpty();
        assertThat(root.getRevision()).isGreaterThan(streamed.get(6).getRevision());
        GroupRecord child = streamed.get(1);
        assertThat(child.getParentGroupName()).isEqualTo(prefix + "-0");
        assertThat(child.getRootToParentList()).containsExactly(ref(prefix + "-0", root.getGroupId()));

        // resuming after a name
        List<String> rest = new ArrayList<>();
        groups.streamGroups(StreamGroupsRequest.newBuilder()
                        .setAfterGroupName(prefix + "-4")
                        .build())
                .forEachRemaining(record -> {
                    if (record.getGroupName().startsWith(prefix)) {
                        rest.add(record.getGroupName());
                    }
                });
        assertThat(rest).containsExactly(prefix + "-5", prefix + "-6");
    }

    @Test
    void streamThingsInGroupAnswersTheThingsOfTheGroupAndItsDescendantsAcrossPages() {
        String prefix = unique("st");
        String root = prefix + "-root";
        String child = prefix + "-child";
        createGroup(root).statusCode(200);
        createChild(child, root).statusCode(200);
        List<String> things = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            String thing = prefix + "-t" + i;
            registry.put(thing);
            things.add(thing);
            add(thing, i % 2 == 0 ? root : child).statusCode(200);
        }

        List<String> inRoot = new ArrayList<>();
        groups.streamThingsInGroup(StreamThingsInGroupRequest.newBuilder()
                        .setThingGroupName(root)
                        .build())
                .forEachRemaining(thing -> inRoot.add(thing.getThingName()));
        assertThat(inRoot).containsExactlyElementsOf(things);

        List<String> inChild = new ArrayList<>();
        groups.streamThingsInGroup(StreamThingsInGroupRequest.newBuilder()
                        .setThingGroupName(child)
                        .build())
                .forEachRemaining(thing -> inChild.add(thing.getThingName()));
        assertThat(inChild).containsExactly(things.get(1), things.get(3), things.get(5));

        assertThat(groups.streamThingsInGroup(StreamThingsInGroupRequest.newBuilder()
                        .setThingGroupName(unique("none"))
                        .build()))
                .toIterable()
                .isEmpty();
        assertThatThrownBy(() -> groups.streamThingsInGroup(StreamThingsInGroupRequest.getDefaultInstance())
                        .hasNext())
                .isInstanceOf(StatusRuntimeException.class)
                .extracting(failure ->
                        ((StatusRuntimeException) failure).getStatus().getCode())
                .isEqualTo(Status.Code.INVALID_ARGUMENT);
    }

    @Test
    void streamMembershipsAnswersEveryMembershipInThingThenGroupOrderWithRevisions() {
        String prefix = unique("sm");
        List<String> groupNames = List.of(prefix + "-ga", prefix + "-gb");
        groupNames.forEach(group -> createGroup(group).statusCode(200));
        List<String> things = List.of(prefix + "-t1", prefix + "-t2", prefix + "-t3");
        for (String thing : things) {
            registry.put(thing);
            for (String group : groupNames) {
                add(thing, group).statusCode(200);
            }
        }

        List<MembershipRecord> streamed = new ArrayList<>();
        groups.streamMemberships(StreamMembershipsRequest.getDefaultInstance()).forEachRemaining(record -> {
            if (record.getThingName().startsWith(prefix)) {
                streamed.add(record);
            }
        });
        assertThat(streamed.stream().map(record -> record.getThingName() + "/" + record.getGroupName()))
                .containsExactly(
                        prefix + "-t1/" + prefix + "-ga",
                        prefix + "-t1/" + prefix + "-gb",
                        prefix + "-t2/" + prefix + "-ga",
                        prefix + "-t2/" + prefix + "-gb",
                        prefix + "-t3/" + prefix + "-ga",
                        prefix + "-t3/" + prefix + "-gb");
        assertThat(streamed.stream().map(MembershipRecord::getRevision))
                .isSorted()
                .doesNotHaveDuplicates();
        MembershipRecord first = streamed.getFirst();
        assertThat(first.getThingId()).isEqualTo(registry.id(prefix + "-t1"));
        assertThat(first.getGroupId()).isNotEmpty();
        assertThat(first.getMembershipId()).isNotEmpty();

        List<String> rest = new ArrayList<>();
        groups.streamMemberships(StreamMembershipsRequest.newBuilder()
                        .setAfterThingName(prefix + "-t2")
                        .setAfterGroupName(prefix + "-ga")
                        .build())
                .forEachRemaining(record -> {
                    if (record.getThingName().startsWith(prefix)) {
                        rest.add(record.getThingName() + "/" + record.getGroupName());
                    }
                });
        assertThat(rest)
                .containsExactly(
                        prefix + "-t2/" + prefix + "-gb",
                        prefix + "-t3/" + prefix + "-ga",
                        prefix + "-t3/" + prefix + "-gb");
    }

    @Test
    void awaitPublishedReturnsOnceTheChangesCommittedBeforeAreOnKafka() {
        String group = unique("published");
        createGroup(group).statusCode(200);
        assertThat(groups.awaitPublished(AwaitPublishedRequest.newBuilder()
                                .setMaxWaitMillis(30_000)
                                .build())
                        .getPublished())
                .isTrue();
        assertThat(KafkaTopicReader.await(
                        "aws.events.thingGroup", record -> record.key().equals(group), 1))
                .hasSize(1);
    }

    private static GroupRef ref(String name, String id) {
        return GroupRef.newBuilder()
                .setGroupName(name)
                .setGroupId(id)
                .setGroupArn(ARN + name)
                .build();
    }
}

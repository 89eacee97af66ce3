package io.iotdm.group.grpc;

import static io.iotdm.group.Api.createGroup;
import static io.iotdm.group.Api.unique;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.iotdm.group.GroupTestResource;
import io.iotdm.group.TestRegistry;
import io.iotdm.grpc.group.v1.AddThingToThingGroupsRequest;
import io.iotdm.grpc.group.v1.GroupRef;
import io.iotdm.grpc.group.v1.GroupsGrpc;
import io.iotdm.grpc.service.AwsErrorStatus;
import io.iotdm.testing.InternalTestCalls;
import io.iotdm.testing.KafkaTopicReader;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * AddThingToThingGroups (docs/aws-behaviour.md §6.8) over real gRPC, PostgreSQL and Kafka: a template's groups joined
 * with UpdateThingGroupsForThing's rules and events, once.
 */
@QuarkusTest
@GroupTestResource
class AddThingToThingGroupsGrpcTest {

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

    private AddThingToThingGroupsRequest request(String thing, boolean replace, String... names) {
        return AddThingToThingGroupsRequest.newBuilder()
                .setThingName(thing)
                .addAllThingGroupNames(List.of(names))
                .setReplace(replace)
                .build();
    }

    private static List<String> groupsOf(String thing) {
        return given().get("/things/" + thing + "/thing-groups")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("thingGroups.groupName");
    }

    @Test
    void mergeJoinsTheGroupsOnceAndARepeatEmitsNothing() {
        String thing = unique("sensor");
        registry.put(thing);
        String a = unique("a");
        String b = unique("b");
        createGroup(a).statusCode(200);
        createGroup(b).statusCode(200);

        List<GroupRef> joined =
                groups.addThingToThingGroups(request(thing, false, a, b)).getGroupsList();
        groups.addThingToThingGroups(request(thing, false, a, b));

        assertThat(joined).extracting(GroupRef::getGroupName).containsExactly(a, b);
        assertThat(joined.get(0).getGroupArn()).isEqualTo("arn:aws:iot:us-east-1:123456789012:thinggroup/" + a);
        assertThat(groupsOf(thing)).containsExactlyInAnyOrder(a, b);
        // a third group's event comes after the first two: the repeat added none in between
        String c = unique("c");
        createGroup(c).statusCode(200);
        groups.addThingToThingGroups(request(thing, false, c));
        List<ConsumerRecord<String, String>> added = KafkaTopicReader.await(
                "aws.events.thingGroupMembership", record -> record.key().equals(thing), 3);
        assertThat(added.get(2).value()).contains(c);
    }

    @Test
    void replaceLeavesTheThingsOtherStaticGroups() {
        String thing = unique("sensor");
        registry.put(thing);
        String old = unique("old");
        String kept = unique("kept");
        createGroup(old).statusCode(200);
        createGroup(kept).statusCode(200);
        groups.addThingToThingGroups(request(thing, false, old, kept));

        groups.addThingToThingGroups(request(thing, true, kept));

        assertThat(groupsOf(thing)).containsExactly(kept);
    }

    @Test
    void aGroupThatDoesNotExistIsTheAwsNotFoundAndNothingJoins() {
        String thing = unique("sensor");
        registry.put(thing);
        String a = unique("a");
        createGroup(a).statusCode(200);

        assertThatThrownBy(() -> groups.addThingToThingGroups(request(thing, false, a, "no-such-group")))
                .isInstanceOfSatisfying(
                        StatusRuntimeException.class, failure -> assertThat(AwsErrorStatus.awsError(failure))
                                .contains(new AwsErrorStatus.AwsError(
                                        "ResourceNotFoundException", "Thing group no-such-group does not exist")));
        assertThat(groupsOf(thing)).isEmpty();
    }
}

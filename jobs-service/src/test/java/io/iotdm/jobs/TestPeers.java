package io.iotdm.jobs;

import io.grpc.Server;
import io.grpc.stub.StreamObserver;
import io.iotdm.grpc.group.v1.DescribeThingGroupsRequest;
import io.iotdm.grpc.group.v1.DescribeThingGroupsResponse;
import io.iotdm.grpc.group.v1.GroupRecord;
import io.iotdm.grpc.group.v1.GroupRef;
import io.iotdm.grpc.group.v1.GroupsGrpc;
import io.iotdm.grpc.group.v1.StreamThingsInGroupRequest;
import io.iotdm.grpc.group.v1.ThingGroupOfThing;
import io.iotdm.grpc.group.v1.ThingGroupsOfThingRequest;
import io.iotdm.grpc.group.v1.ThingGroupsOfThingResponse;
import io.iotdm.grpc.group.v1.ThingInGroup;
import io.iotdm.testing.DevStackResource;
import io.iotdm.testing.GrpcTestDoubles;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The group-service's gRPC API as the jobs-service asks it (DescribeThingGroups, StreamThingsInGroup,
 * ThingGroupsOfThing), answered from
 * groups and members a test registers here. A bean of the application under test, so that tests and server share it.
 */
@Singleton
public class TestPeers {

    private final int groupsPort;
    /** group name → its things (with its descendants' already folded in by the test) */
    private final Map<String, Set<String>> groups = new ConcurrentHashMap<>();

    private Server server;

    TestPeers(@ConfigProperty(name = "quarkus.grpc.clients.groups.test-port") int groupsPort) {
        this.groupsPort = groupsPort;
    }

    /** Devstack's engines, and a free port for the group-service double that the service's gRPC client is given. */
    public static final class Resource extends DevStackResource {

        @Override
        public Map<String, String> start() {
            Map<String, String> config = new HashMap<>(super.start());
            config.putAll(GrpcTestDoubles.clientOnFreePort("groups"));
            return config;
        }
    }

    /** Not a bean itself: Quarkus would take a gRPC service bean for one of its own server. */
    private final class Groups extends GroupsGrpc.GroupsImplBase {

        @Override
        public void describeThingGroups(
                DescribeThingGroupsRequest request, StreamObserver<DescribeThingGroupsResponse> out) {
            DescribeThingGroupsResponse.Builder answer = DescribeThingGroupsResponse.newBuilder();
            new TreeSet<>(request.getThingGroupNamesList())
                    .stream()
                            .filter(groups::containsKey)
                            .forEach(name -> answer.addGroups(GroupRecord.newBuilder()
                                    .setGroupName(name)
                                    .setGroupId(groupId(name))
                                    .setGroupArn("arn:aws:iot:us-east-1:123456789012:thinggroup/" + name)));
            out.onNext(answer.build());
            out.onCompleted();
        }

        @Override
        public void streamThingsInGroup(StreamThingsInGroupRequest request, StreamObserver<ThingInGroup> out) {
            new TreeSet<>(groups.getOrDefault(request.getThingGroupName(), Set.of()))
                    .forEach(thing -> out.onNext(
                            ThingInGroup.newBuilder().setThingName(thing).build()));
            out.onCompleted();
        }

        @Override
        public void thingGroupsOfThing(
                ThingGroupsOfThingRequest request, StreamObserver<ThingGroupsOfThingResponse> out) {
            ThingGroupsOfThingResponse.Builder answer = ThingGroupsOfThingResponse.newBuilder();
            new TreeSet<>(groups.keySet())
                    .stream()
                            .filter(name -> groups.get(name).contains(request.getThingName()))
                            .forEach(name -> answer.addGroups(ThingGroupOfThing.newBuilder()
                                    .setGroup(GroupRef.newBuilder()
                                            .setGroupName(name)
                                            .setGroupId(groupId(name))
                                            .setGroupArn("arn:aws:iot:us-east-1:123456789012:thinggroup/" + name))));
            out.onNext(answer.build());
            out.onCompleted();
        }
    }

    void start(@Observes StartupEvent started) {
        server = GrpcTestDoubles.serve(groupsPort, new Groups());
    }

    void stop(@Observes ShutdownEvent stopping) {
        server.shutdownNow();
    }

    /** A thing group with these things. */
    public void group(String name, String... things) {
        groups.put(name, Set.of(things));
    }

    /** The id the group-service double answers for a group of this name. */
    public static String groupId(String groupName) {
        return UUID.nameUUIDFromBytes(("group:" + groupName).getBytes(StandardCharsets.UTF_8))
                .toString();
    }
}

package io.iotdm.provisioning;

import io.grpc.Server;
import io.grpc.stub.StreamObserver;
import io.iotdm.grpc.group.v1.DescribeThingGroupsRequest;
import io.iotdm.grpc.group.v1.DescribeThingGroupsResponse;
import io.iotdm.grpc.group.v1.GroupRecord;
import io.iotdm.grpc.group.v1.GroupRef;
import io.iotdm.grpc.group.v1.GroupsGrpc;
import io.iotdm.grpc.group.v1.ThingGroupOfThing;
import io.iotdm.grpc.group.v1.ThingGroupsOfThingRequest;
import io.iotdm.grpc.group.v1.ThingGroupsOfThingResponse;
import io.iotdm.grpc.registry.v1.DescribeThingsRequest;
import io.iotdm.grpc.registry.v1.DescribeThingsResponse;
import io.iotdm.grpc.registry.v1.RegistryGrpc;
import io.iotdm.grpc.registry.v1.ThingSummary;
import io.iotdm.testing.DevStackResource;
import io.iotdm.testing.GrpcTestDoubles;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The registry's and the group-service's gRPC APIs as the provisioning-service asks them (DescribeThings,
 * DescribeThingGroups, ThingGroupsOfThing), answered from things and groups a test registers here. A bean of the
 * application under test, so that tests and servers share it.
 */
@Singleton
public class TestPeers {

    private static final String GROUP_ARN = "arn:aws:iot:us-east-1:123456789012:thinggroup/";

    private final int registryPort;
    private final int groupsPort;
    private final Set<String> things = ConcurrentHashMap.newKeySet();
    /** group name → its ancestors from the root, and whether it is dynamic */
    private final Map<String, List<String>> ancestry = new ConcurrentHashMap<>();

    private final Set<String> dynamic = ConcurrentHashMap.newKeySet();
    private final Map<String, Set<String>> groupsOfThing = new ConcurrentHashMap<>();
    private final List<Server> servers = new ArrayList<>();

    TestPeers(
            @ConfigProperty(name = "quarkus.grpc.clients.registry.test-port") int registryPort,
            @ConfigProperty(name = "quarkus.grpc.clients.groups.test-port") int groupsPort) {
        this.registryPort = registryPort;
        this.groupsPort = groupsPort;
    }

    /** Devstack's engines, and free ports for the two peers that the service's gRPC clients are pointed at. */
    public static final class Resource extends DevStackResource {

        @Override
        public Map<String, String> start() {
            Map<String, String> config = new HashMap<>(super.start());
            config.putAll(GrpcTestDoubles.clientOnFreePort("registry"));
            config.putAll(GrpcTestDoubles.clientOnFreePort("groups"));
            return config;
        }
    }

    /** Not beans themselves: Quarkus would take a gRPC service bean for one of its own server. */
    private final class Registry extends RegistryGrpc.RegistryImplBase {

        @Override
        public void describeThings(DescribeThingsRequest request, StreamObserver<DescribeThingsResponse> out) {
            DescribeThingsResponse.Builder answer = DescribeThingsResponse.newBuilder();
            for (String name : request.getThingNamesList()) {
                if (things.contains(name)) {
                    answer.addThings(ThingSummary.newBuilder()
                            .setThingName(name)
                            .setThingId(thingId(name))
                            .setVersion(1));
                }
            }
            out.onNext(answer.build());
            out.onCompleted();
        }
    }

    private final class Groups extends GroupsGrpc.GroupsImplBase {

        @Override
        public void describeThingGroups(
                DescribeThingGroupsRequest request, StreamObserver<DescribeThingGroupsResponse> out) {
            DescribeThingGroupsResponse.Builder answer = DescribeThingGroupsResponse.newBuilder();
            for (String name : request.getThingGroupNamesList()) {
                if (ancestry.containsKey(name)) {
                    answer.addGroups(GroupRecord.newBuilder()
                            .setGroupName(name)
                            .setGroupId(groupId(name))
                            .setGroupArn(GROUP_ARN + name)
                            .addAllRootToParent(refs(ancestry.get(name)))
                            .setDynamic(dynamic.contains(name)));
                }
            }
            out.onNext(answer.build());
            out.onCompleted();
        }

        @Override
        public void thingGroupsOfThing(
                ThingGroupsOfThingRequest request, StreamObserver<ThingGroupsOfThingResponse> out) {
            ThingGroupsOfThingResponse.Builder answer = ThingGroupsOfThingResponse.newBuilder();
            for (String group : groupsOfThing.getOrDefault(request.getThingName(), Set.of())) {
                answer.addGroups(ThingGroupOfThing.newBuilder()
                        .setGroup(ref(group))
                        .addAllRootToParent(refs(ancestry.get(group))));
            }
            out.onNext(answer.build());
            out.onCompleted();
        }
    }

    void start(@Observes StartupEvent started) {
        servers.add(GrpcTestDoubles.serve(registryPort, new Registry()));
        servers.add(GrpcTestDoubles.serve(groupsPort, new Groups()));
    }

    void stop(@Observes ShutdownEvent stopping) {
        servers.forEach(Server::shutdownNow);
    }

    public void thing(String thingName) {
        things.add(thingName);
    }

    /** A static group under {@code parent} (or a root group when {@code null}). */
    public void group(String name, String parent) {
        List<String> lineage = new ArrayList<>();
        if (parent != null) {
            lineage.addAll(ancestry.get(parent));
            lineage.add(parent);
        }
        ancestry.put(name, lineage);
    }

    public void dynamicGroup(String name) {
        ancestry.put(name, List.of());
        dynamic.add(name);
    }

    public void member(String thingName, String group) {
        groupsOfThing
                .computeIfAbsent(thingName, ignored -> ConcurrentHashMap.newKeySet())
                .add(group);
    }

    /** The id the registry double answers for a thing of this name. */
    public static String thingId(String thingName) {
        return UUID.nameUUIDFromBytes(("thing:" + thingName).getBytes(StandardCharsets.UTF_8))
                .toString();
    }

    /** The id the group-service double answers for a group of this name. */
    public static String groupId(String groupName) {
        return UUID.nameUUIDFromBytes(("group:" + groupName).getBytes(StandardCharsets.UTF_8))
                .toString();
    }

    public static String groupArn(String name) {
        return GROUP_ARN + name;
    }

    private static GroupRef ref(String name) {
        return GroupRef.newBuilder()
                .setGroupName(name)
                .setGroupArn(GROUP_ARN + name)
                .build();
    }

    private static List<GroupRef> refs(List<String> names) {
        return names.stream().map(TestPeers::ref).toList();
    }
}

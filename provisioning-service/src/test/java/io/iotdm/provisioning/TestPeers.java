package io.iotdm.provisioning;

import io.grpc.Server;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.iotdm.aws.protocol.AwsErrorCode;
import io.iotdm.aws.protocol.AwsServiceException;
import io.iotdm.grpc.group.v1.AddThingToThingGroupsRequest;
import io.iotdm.grpc.group.v1.AddThingToThingGroupsResponse;
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
import io.iotdm.grpc.registry.v1.OverrideSetting;
import io.iotdm.grpc.registry.v1.ProvisionThingRequest;
import io.iotdm.grpc.registry.v1.ProvisionThingResponse;
import io.iotdm.grpc.registry.v1.RegistryGrpc;
import io.iotdm.grpc.registry.v1.ThingSummary;
import io.iotdm.grpc.registry.v1.UnprovisionThingRequest;
import io.iotdm.grpc.registry.v1.UnprovisionThingResponse;
import io.iotdm.grpc.service.AwsErrorStatus;
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
 * DescribeThingGroups, ThingGroupsOfThing; ProvisionThing, UnprovisionThing and AddThingToThingGroups, with the
 * registry's and group-service's answers in their simplest form: their real rules are tested in those services),
 * answered from things and groups a test registers here. A bean of the application under test, so that tests and
 * servers share it.
 */
@Singleton
public class TestPeers {

    private static final String GROUP_ARN = "arn:aws:iot:us-east-1:123456789012:thinggroup/";

    private final int registryPort;
    private final int groupsPort;
    /** thing name → its id, type (or null) and attributes */
    private final Map<String, Thing> things = new ConcurrentHashMap<>();

    private final Set<String> thingTypes = ConcurrentHashMap.newKeySet();
    /** the full method names of the calls answered UNAVAILABLE, as a peer that is down */
    private final Set<String> down = ConcurrentHashMap.newKeySet();

    /** A thing as the double keeps it. */
    public record Thing(String id, String thingTypeName, Map<String, String> attributes, long version) {}
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
                Thing thing = things.get(name);
                if (thing != null) {
                    ThingSummary.Builder summary = ThingSummary.newBuilder()
                            .setThingName(name)
                            .setThingId(thing.id())
                            .putAllAttributes(thing.attributes())
                            .setVersion(thing.version());
                    if (thing.thingTypeName() != null) {
                        summary.setThingTypeName(thing.thingTypeName());
                    }
                    answer.addThings(summary);
                }
            }
            out.onNext(answer.build());
            out.onCompleted();
        }

        /** Creates, or for an existing thing applies REPLACE and FAIL to its attributes (all this double knows). */
        @Override
        public void provisionThing(ProvisionThingRequest request, StreamObserver<ProvisionThingResponse> out) {
            if (down.contains("ProvisionThing")) {
                out.onError(Status.UNAVAILABLE.asRuntimeException());
                return;
            }
            String name = request.getThingName();
            String type = request.hasThingTypeName() ? request.getThingTypeName() : null;
            if (type != null && !thingTypes.contains(type)) {
                out.onError(refusal("ResourceNotFoundException", 404, "Thing type " + type + " does not exist"));
                return;
            }
            Thing current = things.get(name);
            Map<String, String> attributes = request.getAttributesMap();
            if (current != null
                    && request.getHasAttributes()
                    && request.getAttributePayloadOverride() == OverrideSetting.FAIL
                    && !current.attributes().equals(attributes)) {
                out.onError(refusal(
                        "ConflictingResourceUpdateException",
                        409,
                        "Thing " + name + " exists with another AttributePayload than the template's, and the"
                                + " template's override setting for AttributePayload is FAIL"));
                return;
            }
            Thing result = current;
            if (current == null && !request.getDryRun()) {
                result = new Thing(request.getThingId(), type, Map.copyOf(attributes), 1);
                things.put(name, result);
            } else if (current != null
                    && !request.getDryRun()
                    && request.getHasAttributes()
                    && request.getAttributePayloadOverride() == OverrideSetting.REPLACE
                    && !current.attributes().equals(attributes)) {
                result =
                        new Thing(current.id(), current.thingTypeName(), Map.copyOf(attributes), current.version() + 1);
                things.put(name, result);
            }
            ProvisionThingResponse.Builder answer = ProvisionThingResponse.newBuilder()
                    .setThingArn("arn:aws:iot:us-east-1:123456789012:thing/" + name)
                    .setCreated(result == null || result.id().equals(request.getThingId()));
            if (result != null) {
                answer.setThingId(result.id()).setVersion(result.version());
            }
            out.onNext(answer.build());
            out.onCompleted();
        }

        @Override
        public void unprovisionThing(UnprovisionThingRequest request, StreamObserver<UnprovisionThingResponse> out) {
            if (down.contains("UnprovisionThing")) {
                out.onError(Status.UNAVAILABLE.asRuntimeException());
                return;
            }
            Thing current = things.get(request.getThingName());
            boolean deleted = current != null
                    && current.id().equals(request.getThingId())
                    && things.remove(request.getThingName(), current);
            if (deleted) {
                groupsOfThing.remove(request.getThingName());
            }
            out.onNext(UnprovisionThingResponse.newBuilder().setDeleted(deleted).build());
            out.onCompleted();
        }
    }

    private final class Groups extends GroupsGrpc.GroupsImplBase {

        @Override
        public void addThingToThingGroups(
                AddThingToThingGroupsRequest request, StreamObserver<AddThingToThingGroupsResponse> out) {
            if (down.contains("AddThingToThingGroups")) {
                out.onError(Status.UNAVAILABLE.asRuntimeException());
                return;
            }
            for (String group : request.getThingGroupNamesList()) {
                if (!ancestry.containsKey(group)) {
                    out.onError(refusal("ResourceNotFoundException", 404, "Thing group " + group + " does not exist"));
                    return;
                }
            }
            Set<String> groups =
                    groupsOfThing.computeIfAbsent(request.getThingName(), ignored -> ConcurrentHashMap.newKeySet());
            if (request.getReplace()) {
                groups.retainAll(request.getThingGroupNamesList());
            }
            groups.addAll(request.getThingGroupNamesList());
            out.onNext(AddThingToThingGroupsResponse.newBuilder()
                    .addAllGroups(refs(request.getThingGroupNamesList()))
                    .build());
            out.onCompleted();
        }

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
        thing(thingName, null, Map.of());
    }

    /** @param thingTypeName {@code null} for a thing without type */
    public void thing(String thingName, String thingTypeName, Map<String, String> attributes) {
        things.put(thingName, new Thing(thingId(thingName), thingTypeName, attributes, 1));
    }

    /** A thing as ProvisionThing created it, with the registration's id. */
    public void provisioned(String thingName, String thingId) {
        things.put(thingName, new Thing(thingId, null, Map.of("serial", "9"), 1));
    }

    /** A group deleted. */
    public void removeGroup(String name) {
        ancestry.remove(name);
    }

    /** @return the thing of that name, or {@code null} */
    public Thing thingNamed(String thingName) {
        return things.get(thingName);
    }

    public void thingType(String thingTypeName) {
        thingTypes.add(thingTypeName);
    }

    /** The thing's groups (static, as the double keeps them). */
    public Set<String> groupsOf(String thingName) {
        return Set.copyOf(groupsOfThing.getOrDefault(thingName, Set.of()));
    }

    /** @param method a peer's method (ProvisionThing, UnprovisionThing, AddThingToThingGroups) that is down from now */
    public void down(String method) {
        down.add(method);
    }

    public void up(String method) {
        down.remove(method);
    }

    /** A refusal as the registry and the group-service send one (platform/grpc-service AwsErrorStatus). */
    private static RuntimeException refusal(String errorType, int httpStatus, String message) {
        return AwsErrorStatus.of(new AwsServiceException(new AwsErrorCode(errorType, httpStatus, Set.of()), message));
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

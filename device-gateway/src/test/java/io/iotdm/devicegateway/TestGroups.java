package io.iotdm.devicegateway;

import io.grpc.Server;
import io.grpc.stub.StreamObserver;
import io.iotdm.grpc.group.v1.GroupRef;
import io.iotdm.grpc.group.v1.GroupsGrpc;
import io.iotdm.grpc.group.v1.ThingGroupOfThing;
import io.iotdm.grpc.group.v1.ThingGroupsOfThingRequest;
import io.iotdm.grpc.group.v1.ThingGroupsOfThingResponse;
import io.iotdm.testing.GrpcTestDoubles;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * group-service's ThingGroupsOfThing as the gateway asks it (a thing's groups for its log level), answered from the
 * memberships a test puts here: a real gRPC server (signed calls only), like {@link TestProvisioning}.
 */
@Singleton
public class TestGroups {

    private final int port;
    /** thing name → its groups, each as the group names from the root down to it */
    private final Map<String, List<List<String>>> memberships = new ConcurrentHashMap<>();

    private Server server;

    TestGroups(@ConfigProperty(name = "quarkus.grpc.clients.groups.test-port") int port) {
        this.port = port;
    }

    /** @param paths each group of the thing as the group names from the root down to the group */
    public void memberships(String thingName, List<List<String>> paths) {
        memberships.put(thingName, paths);
    }

    private final class Groups extends GroupsGrpc.GroupsImplBase {

        @Override
        public void thingGroupsOfThing(
                ThingGroupsOfThingRequest request, StreamObserver<ThingGroupsOfThingResponse> out) {
            ThingGroupsOfThingResponse.Builder answer = ThingGroupsOfThingResponse.newBuilder();
            for (List<String> path : memberships.getOrDefault(request.getThingName(), List.of())) {
                ThingGroupOfThing.Builder group = ThingGroupOfThing.newBuilder().setGroup(ref(path.getLast()));
                path.subList(0, path.size() - 1).forEach(ancestor -> group.addRootToParent(ref(ancestor)));
                answer.addGroups(group);
            }
            out.onNext(answer.build());
            out.onCompleted();
        }
    }

    private static GroupRef ref(String name) {
        return GroupRef.newBuilder()
                .setGroupName(name)
                .setGroupId("id-" + name)
                .setGroupArn("arn:aws:iot:us-east-1:123456789012:thinggroup/" + name)
                .build();
    }

    void start(@Observes StartupEvent started) {
        server = GrpcTestDoubles.serve(port, new Groups());
    }

    void stop(@Observes ShutdownEvent stopping) {
        server.shutdownNow();
    }
}

package io.iotdm.indexing;

import io.grpc.Server;
import io.grpc.stub.StreamObserver;
import io.iotdm.grpc.group.v1.GroupRecord;
import io.iotdm.grpc.group.v1.GroupsGrpc;
import io.iotdm.grpc.group.v1.MembershipRecord;
import io.iotdm.grpc.group.v1.StreamGroupsRequest;
import io.iotdm.grpc.group.v1.StreamMembershipsRequest;
import io.iotdm.testing.GrpcTestDoubles;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.concurrent.ConcurrentSkipListMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The group-service's gRPC streams as the indexing-service reads them (StreamGroups fills the thing-group index,
 * StreamMemberships gives rebuilds their memberships), served from groups and memberships that a test puts here; like
 * {@link TestRegistry}, a bean of the application under test on the port of the {@code groups} client.
 */
@Singleton
public class TestGroups {

    private final int port;
    private Server server;

    private final ConcurrentSkipListMap<String, GroupRecord> groups = new ConcurrentSkipListMap<>();
    private final ConcurrentSkipListMap<String, MembershipRecord> memberships = new ConcurrentSkipListMap<>();

    TestGroups(@ConfigProperty(name = "quarkus.grpc.clients.groups.test-port") int port) {
        this.port = port;
    }

    /** Not a bean itself: Quarkus would take a gRPC service bean for one of its own server. */
    private final class Service extends GroupsGrpc.GroupsImplBase {

        @Override
        public void streamGroups(StreamGroupsRequest request, StreamObserver<GroupRecord> out) {
            groups.values().forEach(out::onNext);
            out.onCompleted();
        }

        @Override
        public void streamMemberships(StreamMembershipsRequest request, StreamObserver<MembershipRecord> out) {
            memberships.values().forEach(out::onNext);
            out.onCompleted();
        }
    }

    void start(@Observes StartupEvent started) {
        server = GrpcTestDoubles.serve(port, new Service());
    }

    void stop(@Observes ShutdownEvent stopping) {
        server.shutdownNow();
    }

    public void put(GroupRecord group) {
        groups.put(group.getGroupName(), group);
    }

    public void put(MembershipRecord membership) {
        memberships.put(membership.getThingName() + "\u0000" + membership.getGroupName(), membership);
    }

    public void clear() {
        groups.clear();
        memberships.clear();
    }
}

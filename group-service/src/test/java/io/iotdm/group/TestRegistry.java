package io.iotdm.group;

import io.grpc.Server;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
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
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The registry's gRPC API as the group-service asks it (DescribeThings), served from things that a test registers
 * here: the group tests need no registry database. A bean of the application under test, so that tests and server
 * share it.
 */
@Singleton
public class TestRegistry {

    private final int port;
    private final Map<String, ThingSummary> things = new ConcurrentHashMap<>();
    private final AtomicBoolean unavailable = new AtomicBoolean();
    private Server server;

    TestRegistry(@ConfigProperty(name = "quarkus.grpc.clients.registry.test-port") int port) {
        this.port = port;
    }

    /**
     * Devstack's engines, and a free port for this registry that the service's gRPC client is pointed at (in test
     * mode Quarkus takes a client's {@code test-port}).
     */
    public static final class Resource extends DevStackResource {

        @Override
        public Map<String, String> start() {
            Map<String, String> config = new HashMap<>(super.start());
            config.putAll(GrpcTestDoubles.clientOnFreePort("registry"));
            config.putAll(GrpcTestDoubles.clientOnFreePort("indexing"));
            return config;
        }
    }

    /** Not a bean itself: Quarkus would take a gRPC service bean for one of its own server. */
    private final class Service extends RegistryGrpc.RegistryImplBase {

        @Override
        public void describeThings(DescribeThingsRequest request, StreamObserver<DescribeThingsResponse> out) {
            if (unavailable.get()) {
                out.onError(Status.UNAVAILABLE.withDescription("down as asked").asRuntimeException());
                return;
            }
            DescribeThingsResponse.Builder answer = DescribeThingsResponse.newBuilder();
            for (String name : request.getThingNamesList()) {
                ThingSummary thing = things.get(name);
                if (thing != null) {
                    answer.addThings(thing);
                }
            }
            out.onNext(answer.build());
            out.onCompleted();
        }
    }

    void start(@Observes StartupEvent started) {
        server = GrpcTestDoubles.serve(port, new Service());
    }

    void stop(@Observes ShutdownEvent stopping) {
        server.shutdownNow();
    }

    /** Registers a thing (again: with a new id, as a re-created thing has). @return its id */
    public String put(String thingName) {
        return put(thingName, UUID.randomUUID().toString());
    }

    /** Registers a thing with this id. @return the id */
    public String put(String thingName, String id) {
        things.put(
                thingName,
                ThingSummary.newBuilder()
                        .setThingName(thingName)
                        .setThingId(id)
                        .setVersion(1)
                        .build());
        return id;
    }

    public String id(String thingName) {
        return things.get(thingName).getThingId();
    }

    public void remove(String thingName) {
        things.remove(thingName);
    }

    /** While set, DescribeThings fails with UNAVAILABLE. */
    public void unavailable(boolean down) {
        unavailable.set(down);
    }
}

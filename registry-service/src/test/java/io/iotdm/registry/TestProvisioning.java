package io.iotdm.registry;

import io.grpc.Server;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.iotdm.grpc.provisioning.v1.ProvisioningGrpc;
import io.iotdm.grpc.provisioning.v1.ThingHasPrincipalsRequest;
import io.iotdm.grpc.provisioning.v1.ThingHasPrincipalsResponse;
import io.iotdm.testing.DevStackResource;
import io.iotdm.testing.GrpcTestDoubles;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The provisioning-service's gRPC API as the registry asks it (ThingHasPrincipals), answered from the things a test
 * says have principals attached: the registry's tests need no provisioning database. A bean of the application under
 * test, so that tests and server share it.
 */
@Singleton
public class TestProvisioning {

    private final int port;
    private final Set<String> attached = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean unavailable = new AtomicBoolean();
    private Server server;

    TestProvisioning(@ConfigProperty(name = "quarkus.grpc.clients.provisioning.test-port") int port) {
        this.port = port;
    }

    /**
     * Devstack's engines, and a free port for this provisioning-service that the registry's gRPC client is pointed at
     * (in test mode Quarkus takes a client's {@code test-port}).
     */
    public static final class Resource extends DevStackResource {

        @Override
        public Map<String, String> start() {
            Map<String, String> config = new HashMap<>(super.start());
            config.putAll(GrpcTestDoubles.clientOnFreePort("provisioning"));
            return config;
        }
    }

    /** Not a bean itself: Quarkus would take a gRPC service bean for one of its own server. */
    private final class Service extends ProvisioningGrpc.ProvisioningImplBase {

        @Override
        public void thingHasPrincipals(
                ThingHasPrincipalsRequest request, StreamObserver<ThingHasPrincipalsResponse> out) {
            if (unavailable.get()) {
                out.onError(Status.UNAVAILABLE.withDescription("down as asked").asRuntimeException());
                return;
            }
            out.onNext(ThingHasPrincipalsResponse.newBuilder()
                    .setHasPrincipals(attached.contains(request.getThingName()))
                    .build());
            out.onCompleted();
        }
    }

    void start(@Observes StartupEvent started) {
        server = GrpcTestDoubles.serve(port, new Service());
    }

    void stop(@Observes ShutdownEvent stopping) {
        server.shutdownNow();
    }

    /** From now on, the thing has a principal attached. */
    public void attach(String thingName) {
        attached.add(thingName);
    }

    /** From now on, the thing has no principal attached. */
    public void detach(String thingName) {
        attached.remove(thingName);
    }

    /** While set, ThingHasPrincipals fails with UNAVAILABLE. */
    public void unavailable(boolean down) {
        unavailable.set(down);
    }
}

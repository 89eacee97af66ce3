package io.iotdm.indexing;

import io.grpc.Server;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.iotdm.grpc.registry.v1.CountThingsRequest;
import io.iotdm.grpc.registry.v1.CountThingsResponse;
import io.iotdm.grpc.registry.v1.DescribeThingsRequest;
import io.iotdm.grpc.registry.v1.DescribeThingsResponse;
import io.iotdm.grpc.registry.v1.RegistryGrpc;
import io.iotdm.grpc.registry.v1.ShadowRecord;
import io.iotdm.grpc.registry.v1.StreamThingsRequest;
import io.iotdm.grpc.registry.v1.ThingRecord;
import io.iotdm.grpc.registry.v1.ThingSummary;
import io.iotdm.testing.DevStackResource;
import io.iotdm.testing.GrpcTestDoubles;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The registry's gRPC API as the indexing-service's rebuild reads it, served from things that a test puts here: the
 * indexing tests feed the index with events on real Kafka and need no registry database, so the registry they
 * rebuild from is this one (the end-to-end tests rebuild from the real registry-service). A bean of the application
 * under test, so that tests and server share it; {@link #hold()} and {@link #failAfter(int)} let a test stop a
 * rebuild midway.
 */
@Singleton
public class TestRegistry {

    private final int port;
    private Server server;

    private final ConcurrentSkipListMap<String, ThingRecord> things = new ConcurrentSkipListMap<>();
    private final AtomicReference<CountDownLatch> gate = new AtomicReference<>(new CountDownLatch(0));
    private final AtomicInteger failAfter = new AtomicInteger(-1);
    private final AtomicInteger streams = new AtomicInteger();
    private final AtomicReference<String> lastAfter = new AtomicReference<>();

    TestRegistry(@ConfigProperty(name = "quarkus.grpc.clients.registry.test-port") int port) {
        this.port = port;
    }

    /**
     * Devstack's engines, and free ports for this registry and for {@link TestGroups} that the service's gRPC clients
     * are pointed at (in test mode Quarkus takes a client's {@code test-port}).
     */
    public static final class Resource extends DevStackResource {

        @Override
        public Map<String, String> start() {
            Map<String, String> config = new HashMap<>(super.start());
            config.putAll(GrpcTestDoubles.clientOnFreePort("registry"));
            config.putAll(GrpcTestDoubles.clientOnFreePort("groups"));
            return config;
        }
    }

    /** Not a bean itself: Quarkus would take a gRPC service bean for one of its own server. */
    private final class Service extends RegistryGrpc.RegistryImplBase {

        @Override
        public void streamThings(StreamThingsRequest request, StreamObserver<ThingRecord> out) {
            TestRegistry.this.streamThings(request, out);
        }

        @Override
        public void countThings(CountThingsRequest request, StreamObserver<CountThingsResponse> out) {
            TestRegistry.this.countThings(request, out);
        }

        @Override
        public void describeThings(DescribeThingsRequest request, StreamObserver<DescribeThingsResponse> out) {
            TestRegistry.this.describeThings(request, out);
        }
    }

    void start(@Observes StartupEvent started) {
        server = GrpcTestDoubles.serve(port, new Service());
    }

    void stop(@Observes ShutdownEvent stopping) {
        server.shutdownNow();
    }

    public void put(ThingRecord thing) {
        things.put(thing.getThingName(), thing);
    }

    public void remove(String thingName) {
        things.remove(thingName);
    }

    public void clear() {
        things.clear();
    }

    /** Streams wait until {@link #release()}. */
    public void hold() {
        gate.set(new CountDownLatch(1));
    }

    public void release() {
        gate.get().countDown();
    }

    /** The next stream fails after sending this many things (once). */
    public void failAfter(int count) {
        failAfter.set(count);
    }

    /** How many streams were opened so far. */
    public int streams() {
        return streams.get();
    }

    /** The {@code after_thing_name} of the last stream opened. */
    public String lastAfter() {
        return lastAfter.get();
    }

    private void streamThings(StreamThingsRequest request, StreamObserver<ThingRecord> out) {
        streams.incrementAndGet();
        lastAfter.set(request.getAfterThingName());
        try {
            if (!gate.get().await(60, TimeUnit.SECONDS)) {
                out.onError(Status.DEADLINE_EXCEEDED.asRuntimeException());
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            out.onError(Status.CANCELLED.asRuntimeException());
            return;
        }
        int failing = failAfter.getAndSet(-1);
        int sent = 0;
        Map<String, ThingRecord> after =
                request.getAfterThingName().isEmpty() ? things : things.tailMap(request.getAfterThingName(), false);
        for (ThingRecord thing : after.values()) {
            if (sent == failing) {
                out.onError(
                        Status.UNAVAILABLE.withDescription("failing as asked").asRuntimeException());
                return;
            }
            ThingRecord.Builder answer = thing.toBuilder().clearShadows();
            for (ShadowRecord shadow : thing.getShadowsList()) {
                boolean classic = shadow.getShadowName().isEmpty();
                boolean wanted = classic
                        ? request.getClassicShadow()
                        : request.getNamedShadows()
                                && (request.getNamedShadowNamesCount() == 0
                                        || request.getNamedShadowNamesList().contains(shadow.getShadowName()));
                if (wanted) {
                    answer.addShadows(shadow);
                }
            }
            out.onNext(answer.build());
            sent++;
        }
        out.onCompleted();
    }

    private void countThings(CountThingsRequest request, StreamObserver<CountThingsResponse> out) {
        out.onNext(CountThingsResponse.newBuilder().setCount(things.size()).build());
        out.onCompleted();
    }

    private void describeThings(DescribeThingsRequest request, StreamObserver<DescribeThingsResponse> out) {
        DescribeThingsResponse.Builder answer = DescribeThingsResponse.newBuilder();
        for (String name : request.getThingNamesList()) {
            ThingRecord thing = things.get(name);
            if (thing != null) {
                answer.addThings(ThingSummary.newBuilder()
                        .setThingName(name)
                        .setThingId(thing.getThingId())
                        .setThingTypeName(thing.getThingTypeName())
                        .setVersion(thing.getVersion()));
            }
        }
        out.onNext(answer.build());
        out.onCompleted();
    }
}

package io.iotdm.indexing.rebuild;

import io.iotdm.grpc.registry.v1.CountThingsRequest;
import io.iotdm.grpc.registry.v1.RegistryGrpc;
import io.iotdm.grpc.registry.v1.StreamThingsRequest;
import io.iotdm.grpc.registry.v1.ThingRecord;
import io.iotdm.indexing.config.IndexingSettings;
import io.quarkus.grpc.GrpcClient;
import jakarta.inject.Singleton;
import java.util.List;

/**
 * The registry's things and shadows, the system of record a rebuild reads (registry.proto's StreamThings): only the
 * shadows the configuration indexes are asked for. A blocking stream: gRPC's flow control holds the registry back
 * while the index is slower.
 */
@Singleton
class RegistrySnapshot {

    private final RegistryGrpc.RegistryBlockingStub registry;

    RegistrySnapshot(@GrpcClient("registry") RegistryGrpc.RegistryBlockingStub registry) {
        this.registry = registry;
    }

    long count() {
        return registry.countThings(CountThingsRequest.getDefaultInstance()).getCount();
    }

    /** The things after {@code afterThingName} (empty: all), in name order. */
    CallStream<ThingRecord> things(String afterThingName, IndexingSettings settings) {
        List<String> names = settings.namedShadowNames();
        return CallStream.open(() -> registry.streamThings(StreamThingsRequest.newBuilder()
                .setAfterThingName(afterThingName)
                .setClassicShadow(settings.shadowOn())
                .setNamedShadows(settings.namedShadowsOn())
                .addAllNamedShadowNames(names == null ? List.of() : names)
                .build()));
    }
}

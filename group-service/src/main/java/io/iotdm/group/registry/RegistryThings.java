package io.iotdm.group.registry;

import io.iotdm.aws.service.AwsErrors;
import io.iotdm.group.GroupConfig;
import io.iotdm.grpc.registry.v1.DescribeThingsRequest;
import io.iotdm.grpc.registry.v1.MutinyRegistryGrpc;
import io.iotdm.grpc.registry.v1.ThingSummary;
import io.iotdm.grpc.service.PeerFailures;
import io.quarkus.grpc.GrpcClient;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.TimeUnit;

/** Which things exist, as the registry answers over gRPC (iotdm.registry.v1.Registry/DescribeThings). */
@ApplicationScoped
public class RegistryThings {

    private final MutinyRegistryGrpc.MutinyRegistryStub registry;
    private final AwsErrors errors;
    private final long deadlineMillis;

    RegistryThings(
            @GrpcClient("registry") MutinyRegistryGrpc.MutinyRegistryStub registry,
            AwsErrors errors,
            GroupConfig config) {
        this.registry = registry;
        this.errors = errors;
        this.deadlineMillis = config.registryDeadline().toMillis();
    }

    /** @return the thing, or {@code null} when the registry has no thing of that name */
    public Uni<ThingSummary> find(String thingName) {
        return PeerFailures.asAws(
                registry.withDeadlineAfter(deadlineMillis, TimeUnit.MILLISECONDS)
                        .describeThings(DescribeThingsRequest.newBuilder()
                                .addThingNames(thingName)
                                .build())
                        .map(answer -> answer.getThingsList().stream()
                                .filter(thing -> thing.getThingName().equals(thingName))
                                .findFirst()
                                .orElse(null)),
                "registry",
                "DescribeThings",
                errors::iot);
    }
}

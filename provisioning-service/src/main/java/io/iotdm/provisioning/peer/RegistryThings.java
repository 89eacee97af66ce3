package io.iotdm.provisioning.peer;

import io.iotdm.aws.service.AwsErrors;
import io.iotdm.grpc.registry.v1.DescribeThingsRequest;
import io.iotdm.grpc.registry.v1.MutinyRegistryGrpc;
import io.iotdm.grpc.registry.v1.ProvisionThingRequest;
import io.iotdm.grpc.registry.v1.ProvisionThingResponse;
import io.iotdm.grpc.registry.v1.ThingSummary;
import io.iotdm.grpc.registry.v1.UnprovisionThingRequest;
import io.iotdm.grpc.service.PeerFailures;
import io.iotdm.provisioning.ProvisioningConfig;
import io.quarkus.grpc.GrpcClient;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.TimeUnit;

/**
 * Things as the registry answers over gRPC (iotdm.registry.v1.Registry): which exist (DescribeThings), and the thing of a
 * provisioning template (ProvisionThing, UnprovisionThing).
 */
@ApplicationScoped
public class RegistryThings {

    private final MutinyRegistryGrpc.MutinyRegistryStub registry;
    private final AwsErrors errors;
    private final long deadlineMillis;

    RegistryThings(
            @GrpcClient("registry") MutinyRegistryGrpc.MutinyRegistryStub registry,
            AwsErrors errors,
            ProvisioningConfig config) {
        this.registry = registry;
        this.errors = errors;
        this.deadlineMillis = config.peerDeadline().toMillis();
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

    /** Creates the thing of a template, or applies the template's override settings to the existing one. */
    public Uni<ProvisionThingResponse> provision(ProvisionThingRequest request) {
        return PeerFailures.asAws(
                registry.withDeadlineAfter(deadlineMillis, TimeUnit.MILLISECONDS)
                        .provisionThing(request),
                "registry",
                "ProvisionThing",
                errors::iot);
    }

    /** @return whether the thing of that name and id was deleted now (false: gone already, or another thing) */
    public Uni<Boolean> unprovision(String thingName, String thingId) {
        return PeerFailures.asAws(
                registry.withDeadlineAfter(deadlineMillis, TimeUnit.MILLISECONDS)
                        .unprovisionThing(UnprovisionThingRequest.newBuilder()
                                .setThingName(thingName)
                                .setThingId(thingId)
                                .build())
                        .map(answer -> answer.getDeleted()),
                "registry",
                "UnprovisionThing",
                errors::iot);
    }
}

package io.iotdm.registry.peer;

import io.iotdm.aws.service.AwsErrors;
import io.iotdm.grpc.provisioning.v1.MutinyProvisioningGrpc;
import io.iotdm.grpc.provisioning.v1.ThingHasPrincipalsRequest;
import io.iotdm.grpc.provisioning.v1.ThingHasPrincipalsResponse;
import io.iotdm.grpc.service.PeerFailures;
import io.quarkus.grpc.GrpcClient;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.TimeUnit;

/**
 * Whether principals are attached to a thing, as the provisioning-service answers over gRPC
 * (iotdm.provisioning.v1.Provisioning/ThingHasPrincipals): attachments are its data, not the registry's.
 */
@ApplicationScoped
public class ThingPrincipals {

    private final MutinyProvisioningGrpc.MutinyProvisioningStub provisioning;
    private final AwsErrors errors;
    private final long deadlineMillis;

    ThingPrincipals(
            @GrpcClient("provisioning") MutinyProvisioningGrpc.MutinyProvisioningStub provisioning,
            AwsErrors errors,
            ProvisioningConfig config) {
        this.provisioning = provisioning;
        this.errors = errors;
        this.deadlineMillis = config.deadline().toMillis();
    }

    /**
     * @return whether any principal is attached to the thing; a ServiceUnavailableException (503) when the
     *     provisioning-service does not answer in time, for then nobody knows
     */
    public Uni<Boolean> attached(String thingName) {
        return PeerFailures.asAws(
                provisioning
                        .withDeadlineAfter(deadlineMillis, TimeUnit.MILLISECONDS)
                        .thingHasPrincipals(ThingHasPrincipalsRequest.newBuilder()
                                .setThingName(thingName)
                                .build())
                        .map(ThingHasPrincipalsResponse::getHasPrincipals),
                "provisioning-service",
                "ThingHasPrincipals",
                "The provisioning-service is unavailable, so whether principals are attached to thing " + thingName
                        + " is unknown; retry the request later",
                errors::iot);
    }
}

package io.iotdm.registry.peer;

import io.grpc.StatusRuntimeException;
import io.iotdm.aws.service.AwsErrors;
import io.iotdm.grpc.provisioning.v1.MutinyProvisioningGrpc;
import io.iotdm.grpc.provisioning.v1.ThingHasPrincipalsRequest;
import io.iotdm.grpc.provisioning.v1.ThingHasPrincipalsResponse;
import io.quarkus.grpc.GrpcClient;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Whether principals are attached to a thing, as the provisioning-service answers over gRPC
 * (iotdm.provisioning.v1.Provisioning/ThingHasPrincipals): attachments are its data, not the registry's.
 */
@ApplicationScoped
public class ThingPrincipals {

    private static final Logger LOG = Logger.getLogger(ThingPrincipals.class);

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
        return provisioning
                .withDeadlineAfter(deadlineMillis, TimeUnit.MILLISECONDS)
                .thingHasPrincipals(ThingHasPrincipalsRequest.newBuilder()
                        .setThingName(thingName)
                        .build())
                .map(ThingHasPrincipalsResponse::getHasPrincipals)
                .onFailure(StatusRuntimeException.class)
                .transform(failure -> {
                    LOG.warnf("The provisioning-service did not answer ThingHasPrincipals: %s", failure.toString());
                    return errors.iot(
                            "ServiceUnavailableException",
                            "The provisioning-service is unavailable, so whether principals are attached to thing "
                                    + thingName + " is unknown; retry the request later");
                });
    }
}

package io.iotdm.provisioning.principal;

import io.iotdm.aws.service.AwsOperationHandler;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.aws.service.AwsResponse;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/** Detaches a thing from a principal. */
@Singleton
class DetachThingPrincipalHandler extends AwsOperationHandler {

    private final ThingPrincipalService thingPrincipals;

    DetachThingPrincipalHandler(ThingPrincipalService thingPrincipals) {
        super("iot", "DetachThingPrincipal");
        this.thingPrincipals = thingPrincipals;
    }

    @Override
    public Uni<AwsResponse> handle(AwsRequest request) {
        return thingPrincipals
                .detach(request.string("thingName"), request.string("principal"))
                .map(done -> AwsResponse.empty());
    }
}

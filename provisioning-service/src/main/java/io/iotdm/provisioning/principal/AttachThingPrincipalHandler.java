package io.iotdm.provisioning.principal;

import io.iotdm.aws.service.AwsOperationHandler;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.aws.service.AwsResponse;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/** Attaches a thing to a certificate or Cognito identity, exclusively with EXCLUSIVE_THING. */
@Singleton
class AttachThingPrincipalHandler extends AwsOperationHandler {

    private final ThingPrincipalService thingPrincipals;

    AttachThingPrincipalHandler(ThingPrincipalService thingPrincipals) {
        super("iot", "AttachThingPrincipal");
        this.thingPrincipals = thingPrincipals;
    }

    @Override
    public Uni<AwsResponse> handle(AwsRequest request) {
        return thingPrincipals
                .attach(request.string("thingName"), request.string("principal"), request.string("thingPrincipalType"))
                .map(done -> AwsResponse.empty());
    }
}

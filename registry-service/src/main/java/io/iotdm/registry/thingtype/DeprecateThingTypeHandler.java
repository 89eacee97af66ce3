package io.iotdm.registry.thingtype;

import io.iotdm.aws.service.AwsOperationHandler;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.aws.service.AwsResponse;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

@Singleton
class DeprecateThingTypeHandler extends AwsOperationHandler {

    private final ThingTypeService thingTypes;

    DeprecateThingTypeHandler(ThingTypeService thingTypes) {
        super("iot", "DeprecateThingType");
        this.thingTypes = thingTypes;
    }

    @Override
    public Uni<AwsResponse> handle(AwsRequest request) {
        return thingTypes
                .deprecate(request.string("thingTypeName"), request.flag("undoDeprecate"))
                .replaceWith(AwsResponse.empty());
    }
}

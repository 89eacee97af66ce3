package io.iotdm.registry.thingtype;

import io.iotdm.aws.service.AwsOperationHandler;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.aws.service.AwsResponse;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

@Singleton
class DeprecateThingTypeHandler implements AwsOperationHandler {

    private final ThingTypeService thingTypes;

    DeprecateThingTypeHandler(ThingTypeService thingTypes) {
        this.thingTypes = thingTypes;
    }

    @Override
    public String service() {
        return "iot";
    }

    @Override
    public String operation() {
        return "DeprecateThingType";
    }

    @Override
    public Uni<AwsResponse> handle(AwsRequest request) {
        return thingTypes
                .deprecate(request.string("thingTypeName"), request.flag("undoDeprecate"))
                .replaceWith(AwsResponse.empty());
    }
}

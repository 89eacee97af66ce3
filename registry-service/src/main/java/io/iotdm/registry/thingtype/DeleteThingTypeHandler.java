package io.iotdm.registry.thingtype;

import io.iotdm.aws.service.AwsOperationHandler;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.aws.service.AwsResponse;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

@Singleton
class DeleteThingTypeHandler extends AwsOperationHandler {

    private final ThingTypeService thingTypes;

    DeleteThingTypeHandler(ThingTypeService thingTypes) {
        super("iot", "DeleteThingType");
        this.thingTypes = thingTypes;
    }

    @Override
    public Uni<AwsResponse> handle(AwsRequest request) {
        return thingTypes.delete(request.string("thingTypeName")).replaceWith(AwsResponse.empty());
    }
}

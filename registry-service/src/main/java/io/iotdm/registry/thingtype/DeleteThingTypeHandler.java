package io.iotdm.registry.thingtype;

import io.iotdm.aws.service.AwsOperationHandler;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.aws.service.AwsResponse;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

@Singleton
class DeleteThingTypeHandler implements AwsOperationHandler {

    private final ThingTypeService thingTypes;

    DeleteThingTypeHandler(ThingTypeService thingTypes) {
        this.thingTypes = thingTypes;
    }

    @Override
    public String service() {
        return "iot";
    }

    @Override
    public String operation() {
        return "DeleteThingType";
    }

    @Override
    public Uni<AwsResponse> handle(AwsRequest request) {
        return thingTypes.delete(request.string("thingTypeName")).replaceWith(AwsResponse.empty());
    }
}

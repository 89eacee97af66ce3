package io.iotdm.registry.thingtype;

import io.iotdm.aws.service.AwsOperationHandler;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.aws.service.AwsResponse;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

@Singleton
class DescribeThingTypeHandler extends AwsOperationHandler {

    private final ThingTypeService thingTypes;

    DescribeThingTypeHandler(ThingTypeService thingTypes) {
        super("iot", "DescribeThingType");
        this.thingTypes = thingTypes;
    }

    @Override
    public Uni<AwsResponse> handle(AwsRequest request) {
        return thingTypes
                .describe(request.string("thingTypeName"))
                .map(type -> AwsResponse.json(ThingTypeJson.of(type, thingTypes.arn(type.name()), true)));
    }
}

package io.iotdm.registry.thingtype;

import io.iotdm.aws.service.AwsOperationHandler;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.aws.service.AwsResponse;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

@Singleton
class DescribeThingTypeHandler implements AwsOperationHandler {

    private final ThingTypeService thingTypes;

    DescribeThingTypeHandler(ThingTypeService thingTypes) {
        this.thingTypes = thingTypes;
    }

    @Override
    public String service() {
        return "iot";
    }

    @Override
    public String operation() {
        return "DescribeThingType";
    }

    @Override
    public Uni<AwsResponse> handle(AwsRequest request) {
        return thingTypes
                .describe(request.string("thingTypeName"))
                .map(type -> AwsResponse.json(ThingTypeJson.of(type, thingTypes.arn(type.name()), true)));
    }
}

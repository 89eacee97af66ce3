package io.iotdm.registry.thingtype;

import io.iotdm.aws.service.AwsOperationHandler;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.aws.service.AwsResponse;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

@Singleton
class ListThingTypesHandler extends AwsOperationHandler {

    static final int DEFAULT_MAX_RESULTS = 50;

    private final ThingTypeService thingTypes;

    ListThingTypesHandler(ThingTypeService thingTypes) {
        super("iot", "ListThingTypes");
        this.thingTypes = thingTypes;
    }

    @Override
    public Uni<AwsResponse> handle(AwsRequest request) {
        return thingTypes
                .list(
                        request.string("thingTypeName"),
                        request.string("nextToken"),
                        request.pageSize("maxResults", DEFAULT_MAX_RESULTS))
                .map(page -> AwsResponse.json(
                        page.json("thingTypes", type -> ThingTypeJson.of(type, thingTypes.arn(type.name()), false))));
    }
}

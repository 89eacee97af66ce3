package io.iotdm.registry.thing;

import io.iotdm.aws.service.AwsOperationHandler;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.aws.service.AwsResponse;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

@Singleton
class DescribeThingHandler extends AwsOperationHandler {

    private final ThingService things;

    DescribeThingHandler(ThingService things) {
        super("iot", "DescribeThing");
        this.things = things;
    }

    @Override
    public Uni<AwsResponse> handle(AwsRequest request) {
        return things.describe(request.string("thingName"))
                .map(thing -> AwsResponse.json(ThingJson.described(thing, things.arn(thing.name()))));
    }
}

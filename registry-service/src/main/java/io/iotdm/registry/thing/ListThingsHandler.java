package io.iotdm.registry.thing;

import io.iotdm.aws.service.AwsOperationHandler;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.aws.service.AwsResponse;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

@Singleton
class ListThingsHandler extends AwsOperationHandler {

    /** AWS does not document ListThings' default page size; 50 is what the registry list calls answer in practice. */
    static final int DEFAULT_MAX_RESULTS = 50;

    private final ThingService things;

    ListThingsHandler(ThingService things) {
        super("iot", "ListThings");
        this.things = things;
    }

    @Override
    public Uni<AwsResponse> handle(AwsRequest request) {
        ThingFilter filter = new ThingFilter(
                request.string("attributeName"),
                request.string("attributeValue"),
                request.flag("usePrefixAttributeValue"),
                request.string("thingTypeName"));
        return things.list(filter, request.string("nextToken"), request.pageSize("maxResults", DEFAULT_MAX_RESULTS))
                .map(page -> AwsResponse.json(
                        page.json("things", thing -> ThingJson.listed(thing, things.arn(thing.name())))));
    }
}

package io.iotdm.registry.thing;

import io.iotdm.aws.service.AwsOperationHandler;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.aws.service.AwsResponse;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

@Singleton
class UpdateThingHandler extends AwsOperationHandler {

    private final ThingService things;

    UpdateThingHandler(ThingService things) {
        super("iot", "UpdateThing");
        this.things = things;
    }

    @Override
    public Uni<AwsResponse> handle(AwsRequest request) {
        return things.update(new ThingUpdate(
                        request.string("thingName"),
                        request.string("thingTypeName"),
                        ThingJson.attributesOf(request.node("attributePayload")),
                        request.node("attributePayload").path("merge").asBoolean(false),
                        request.number("expectedVersion"),
                        request.flag("removeThingType")))
                .map(updated -> RevisionHeader.add(AwsResponse.empty(), updated.revision()));
    }
}

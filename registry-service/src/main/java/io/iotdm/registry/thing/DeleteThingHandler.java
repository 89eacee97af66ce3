package io.iotdm.registry.thing;

import io.iotdm.aws.service.AwsOperationHandler;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.aws.service.AwsResponse;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

@Singleton
class DeleteThingHandler extends AwsOperationHandler {

    private final ThingService things;

    DeleteThingHandler(ThingService things) {
        super("iot", "DeleteThing");
        this.things = things;
    }

    @Override
    public Uni<AwsResponse> handle(AwsRequest request) {
        return things.delete(request.string("thingName"), request.number("expectedVersion"))
                // deleting a thing that does not exist writes nothing, so it has no revision to answer
                .map(revision ->
                        revision == null ? AwsResponse.empty() : RevisionHeader.add(AwsResponse.empty(), revision));
    }
}

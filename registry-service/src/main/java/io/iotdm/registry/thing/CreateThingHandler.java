package io.iotdm.registry.thing;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.iotdm.aws.service.AwsOperationHandler;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.aws.service.AwsResponse;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.Objects;

@Singleton
class CreateThingHandler extends AwsOperationHandler {

    private final ThingService things;

    CreateThingHandler(ThingService things) {
        super("iot", "CreateThing");
        this.things = things;
    }

    @Override
    public Uni<AwsResponse> handle(AwsRequest request) {
        Map<String, String> attributes =
                Objects.requireNonNullElse(ThingJson.attributesOf(request.node("attributePayload")), Map.of());
        return things.create(
                        request.string("thingName"),
                        request.string("thingTypeName"),
                        attributes,
                        request.string("billingGroupName"))
                .map(thing -> RevisionHeader.add(
                        AwsResponse.json(JsonNodeFactory.instance
                                .objectNode()
                                .put("thingName", thing.name())
                                .put("thingArn", things.arn(thing.name()))
                                .put("thingId", thing.id())),
                        // a repeated create writes nothing: its revision is that of the thing as it stands
                        thing.revision()));
    }
}

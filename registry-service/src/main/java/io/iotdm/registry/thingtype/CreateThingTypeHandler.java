package io.iotdm.registry.thingtype;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iotdm.aws.service.AwsOperationHandler;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.aws.service.AwsResponse;
import io.iotdm.tags.Tags;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

@Singleton
class CreateThingTypeHandler extends AwsOperationHandler {

    private final ThingTypeService thingTypes;

    CreateThingTypeHandler(ThingTypeService thingTypes) {
        super("iot", "CreateThingType");
        this.thingTypes = thingTypes;
    }

    @Override
    public Uni<AwsResponse> handle(AwsRequest request) {
        ObjectNode properties = request.node("thingTypeProperties") instanceof ObjectNode given
                ? given
                : JsonNodeFactory.instance.objectNode();
        return thingTypes
                .create(request.string("thingTypeName"), properties, Tags.of(request.node("tags")))
                .map(type -> AwsResponse.json(JsonNodeFactory.instance
                        .objectNode()
                        .put("thingTypeName", type.name())
                        .put("thingTypeArn", thingTypes.arn(type.name()))
                        .put("thingTypeId", type.id())));
    }
}

package io.iotdm.registry.thingtype;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iotdm.aws.service.AwsOperationHandler;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.aws.service.AwsResponse;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

@Singleton
class UpdateThingTypeHandler extends AwsOperationHandler {

    private final ThingTypeService thingTypes;

    UpdateThingTypeHandler(ThingTypeService thingTypes) {
        super("iot", "UpdateThingType");
        this.thingTypes = thingTypes;
    }

    @Override
    public Uni<AwsResponse> handle(AwsRequest request) {
        ObjectNode properties = request.node("thingTypeProperties") instanceof ObjectNode given
                ? given
                : JsonNodeFactory.instance.objectNode();
        return thingTypes.update(request.string("thingTypeName"), properties).replaceWith(AwsResponse.empty());
    }
}

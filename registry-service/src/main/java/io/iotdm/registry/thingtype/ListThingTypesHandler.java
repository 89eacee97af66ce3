package io.iotdm.registry.thingtype;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iotdm.aws.service.AwsOperationHandler;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.aws.service.AwsResponse;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

@Singleton
class ListThingTypesHandler implements AwsOperationHandler {

    static final int DEFAULT_MAX_RESULTS = 50;

    private final ThingTypeService thingTypes;

    ListThingTypesHandler(ThingTypeService thingTypes) {
        this.thingTypes = thingTypes;
    }

    @Override
    public String service() {
        return "iot";
    }

    @Override
    public String operation() {
        return "ListThingTypes";
    }

    @Override
    public Uni<AwsResponse> handle(AwsRequest request) {
        Long maxResults = request.number("maxResults");
        return thingTypes
                .list(
                        request.string("thingTypeName"),
                        request.string("nextToken"),
                        maxResults == null ? DEFAULT_MAX_RESULTS : maxResults.intValue())
                .map(page -> {
                    ObjectNode output = JsonNodeFactory.instance.objectNode();
                    ArrayNode listed = output.putArray("thingTypes");
                    page.items()
                            .forEach(type -> listed.add(ThingTypeJson.of(type, thingTypes.arn(type.name()), false)));
                    if (page.nextToken() != null) {
                        output.put("nextToken", page.nextToken());
                    }
                    return AwsResponse.json(output);
                });
    }
}

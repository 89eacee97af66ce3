package io.iotdm.registry.thing;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iotdm.aws.service.AwsOperationHandler;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.aws.service.AwsResponse;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

@Singleton
class ListThingsHandler implements AwsOperationHandler {

    /** AWS does not document ListThings' default page size; 50 is what the registry list calls answer in practice. */
    static final int DEFAULT_MAX_RESULTS = 50;

    private final ThingService things;

    ListThingsHandler(ThingService things) {
        this.things = things;
    }

    @Override
    public String service() {
        return "iot";
    }

    @Override
    public String operation() {
        return "ListThings";
    }

    @Override
    public Uni<AwsResponse> handle(AwsRequest request) {
        ThingFilter filter = new ThingFilter(
                request.string("attributeName"),
                request.string("attributeValue"),
                request.flag("usePrefixAttributeValue"),
                request.string("thingTypeName"));
        Long maxResults = request.number("maxResults");
        return things.list(
                        filter,
                        request.string("nextToken"),
                        maxResults == null ? DEFAULT_MAX_RESULTS : maxResults.intValue())
                .map(page -> {
                    ObjectNode output = JsonNodeFactory.instance.objectNode();
                    ArrayNode listed = output.putArray("things");
                    page.items().forEach(thing -> listed.add(ThingJson.listed(thing, things.arn(thing.name()))));
                    if (page.nextToken() != null) {
                        output.put("nextToken", page.nextToken());
                    }
                    return AwsResponse.json(output);
                });
    }
}

package io.iotdm.registry.tags;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iotdm.aws.service.AwsOperationHandler;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.aws.service.AwsResponse;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

@Singleton
class ListTagsForResourceHandler implements AwsOperationHandler {

    private final TagService tags;

    ListTagsForResourceHandler(TagService tags) {
        this.tags = tags;
    }

    @Override
    public String service() {
        return "iot";
    }

    @Override
    public String operation() {
        return "ListTagsForResource";
    }

    @Override
    public Uni<AwsResponse> handle(AwsRequest request) {
        return tags.list(request.string("resourceArn"), request.string("nextToken"))
                .map(page -> {
                    ObjectNode output = JsonNodeFactory.instance.objectNode();
                    ArrayNode listed = output.putArray("tags");
                    page.items()
                            .forEach(tag ->
                                    listed.addObject().put("Key", tag.key()).put("Value", tag.value()));
                    if (page.nextToken() != null) {
                        output.put("nextToken", page.nextToken());
                    }
                    return AwsResponse.json(output);
                });
    }
}

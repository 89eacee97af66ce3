package io.iotdm.tags;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.iotdm.aws.service.AwsOperationHandler;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.aws.service.AwsResponse;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

@Singleton
class ListTagsForResourceHandler extends AwsOperationHandler {

    private final TagService tags;

    ListTagsForResourceHandler(TagService tags) {
        super("iot", "ListTagsForResource");
        this.tags = tags;
    }

    @Override
    public Uni<AwsResponse> handle(AwsRequest request) {
        return tags.list(request.string("resourceArn"), request.string("nextToken"))
                .map(page -> AwsResponse.json(page.json("tags", tag -> JsonNodeFactory.instance
                        .objectNode()
                        .put("Key", tag.key())
                        .put("Value", tag.value()))));
    }
}

package io.iotdm.tags;

import io.iotdm.aws.service.AwsOperationHandler;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.aws.service.AwsResponse;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

@Singleton
class TagResourceHandler extends AwsOperationHandler {

    private final TagService tags;

    TagResourceHandler(TagService tags) {
        super("iot", "TagResource");
        this.tags = tags;
    }

    @Override
    public Uni<AwsResponse> handle(AwsRequest request) {
        return tags.tag(request.string("resourceArn"), Tags.of(request.node("tags")))
                .replaceWith(AwsResponse.empty());
    }
}

package io.iotdm.tags;

import io.iotdm.aws.service.AwsOperationHandler;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.aws.service.AwsResponse;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;

@Singleton
class UntagResourceHandler extends AwsOperationHandler {

    private final TagService tags;

    UntagResourceHandler(TagService tags) {
        super("iot", "UntagResource");
        this.tags = tags;
    }

    @Override
    public Uni<AwsResponse> handle(AwsRequest request) {
        List<String> keys = new ArrayList<>();
        request.node("tagKeys").forEach(key -> keys.add(key.asText()));
        return tags.untag(request.string("resourceArn"), keys).replaceWith(AwsResponse.empty());
    }
}

package io.iotdm.registry.tags;

import io.iotdm.aws.service.AwsOperationHandler;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.aws.service.AwsResponse;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;

@Singleton
class UntagResourceHandler implements AwsOperationHandler {

    private final TagService tags;

    UntagResourceHandler(TagService tags) {
        this.tags = tags;
    }

    @Override
    public String service() {
        return "iot";
    }

    @Override
    public String operation() {
        return "UntagResource";
    }

    @Override
    public Uni<AwsResponse> handle(AwsRequest request) {
        List<String> keys = new ArrayList<>();
        request.node("tagKeys").forEach(key -> keys.add(key.asText()));
        return tags.untag(request.string("resourceArn"), keys).replaceWith(AwsResponse.empty());
    }
}

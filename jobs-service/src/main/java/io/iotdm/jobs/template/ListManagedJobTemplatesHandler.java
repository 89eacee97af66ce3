package io.iotdm.jobs.template;

import io.iotdm.aws.service.AwsOperationHandler;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.aws.service.AwsResponse;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/** The AWS-managed templates, every version (docs/aws-behaviour.md §5.15). */
@Singleton
class ListManagedJobTemplatesHandler extends AwsOperationHandler {

    static final int DEFAULT_MAX_RESULTS = 50;

    private final ManagedTemplateQueries managed;

    ListManagedJobTemplatesHandler(ManagedTemplateQueries managed) {
        super("iot", "ListManagedJobTemplates");
        this.managed = managed;
    }

    @Override
    public Uni<AwsResponse> handle(AwsRequest request) {
        return Uni.createFrom()
                .item(() -> AwsResponse.json(managed.list(
                        request.string("templateName"),
                        request.string("nextToken"),
                        request.pageSize("maxResults", DEFAULT_MAX_RESULTS))));
    }
}

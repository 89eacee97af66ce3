package io.iotdm.jobs.template;

import io.iotdm.aws.service.AwsOperationHandler;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.aws.service.AwsResponse;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/** Job templates in id order (docs/aws-behaviour.md §5.14). */
@Singleton
class ListJobTemplatesHandler extends AwsOperationHandler {

    static final int DEFAULT_MAX_RESULTS = 50;

    private final JobTemplates templates;

    ListJobTemplatesHandler(JobTemplates templates) {
        super("iot", "ListJobTemplates");
        this.templates = templates;
    }

    @Override
    public Uni<AwsResponse> handle(AwsRequest request) {
        return templates
                .list(request.string("nextToken"), request.pageSize("maxResults", DEFAULT_MAX_RESULTS))
                .map(AwsResponse::json);
    }
}

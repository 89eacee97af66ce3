package io.iotdm.jobs.template;

import io.iotdm.aws.service.AwsOperationHandler;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.aws.service.AwsResponse;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/** A template with every member it was created with (docs/aws-behaviour.md §5.14). */
@Singleton
class DescribeJobTemplateHandler extends AwsOperationHandler {

    private final JobTemplates templates;

    DescribeJobTemplateHandler(JobTemplates templates) {
        super("iot", "DescribeJobTemplate");
        this.templates = templates;
    }

    @Override
    public Uni<AwsResponse> handle(AwsRequest request) {
        return templates.describe(request.string("jobTemplateId")).map(AwsResponse::json);
    }
}

package io.iotdm.jobs.template;

import io.iotdm.aws.service.AwsOperationHandler;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.aws.service.AwsResponse;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/** Deletes a template; the jobs created from it are not touched (docs/aws-behaviour.md §5.14). */
@Singleton
class DeleteJobTemplateHandler extends AwsOperationHandler {

    private final JobTemplates templates;

    DeleteJobTemplateHandler(JobTemplates templates) {
        super("iot", "DeleteJobTemplate");
        this.templates = templates;
    }

    @Override
    public Uni<AwsResponse> handle(AwsRequest request) {
        return templates.delete(request.string("jobTemplateId")).map(deleted -> AwsResponse.empty());
    }
}

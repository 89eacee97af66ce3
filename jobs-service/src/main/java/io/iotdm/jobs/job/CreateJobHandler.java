package io.iotdm.jobs.job;

import io.iotdm.aws.protocol.Arns;
import io.iotdm.aws.service.AwsOperationHandler;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.aws.service.AwsResponse;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/**
 * A snapshot job of thing and thing-group targets, its document inline or of a job template (docs/aws-behaviour.md
 * §5.5, §5.14, §5.15).
 */
@Singleton
class CreateJobHandler extends AwsOperationHandler {

    private final JobTemplateArguments templates;
    private final JobCreation creation;
    private final Arns arns;

    CreateJobHandler(JobTemplateArguments templates, JobCreation creation, Arns arns) {
        super("iot", "CreateJob");
        this.templates = templates;
        this.creation = creation;
        this.arns = arns;
    }

    @Override
    public Uni<AwsResponse> handle(AwsRequest request) {
        return templates
                .apply(request)
                .chain(applied -> creation.create(applied.request(), applied.use()))
                .map(job -> AwsResponse.json(JobJson.reference(job, arns)));
    }
}

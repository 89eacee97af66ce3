package io.iotdm.jobs.template;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.iotdm.aws.protocol.Arns;
import io.iotdm.aws.service.AwsOperationHandler;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.aws.service.AwsResponse;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/** A template of a document or of an existing job, and configurations (docs/aws-behaviour.md §5.14). */
@Singleton
class CreateJobTemplateHandler extends AwsOperationHandler {

    private final JobTemplates templates;
    private final Arns arns;

    CreateJobTemplateHandler(JobTemplates templates, Arns arns) {
        super("iot", "CreateJobTemplate");
        this.templates = templates;
        this.arns = arns;
    }

    @Override
    public Uni<AwsResponse> handle(AwsRequest request) {
        return templates
                .create(request)
                .map(template -> AwsResponse.json(JsonNodeFactory.instance
                        .objectNode()
                        .put("jobTemplateArn", arns.jobTemplate(template.jobTemplateId()))
                        .put("jobTemplateId", template.jobTemplateId())));
    }
}

package io.iotdm.provisioning.provisioningtemplate;

import io.iotdm.aws.service.AwsOperationHandler;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.aws.service.AwsResponse;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/** Deletes a template with all its versions and its tags. */
@Singleton
class DeleteProvisioningTemplateHandler extends AwsOperationHandler {

    private final TemplateService templates;

    DeleteProvisioningTemplateHandler(TemplateService templates) {
        super("iot", "DeleteProvisioningTemplate");
        this.templates = templates;
    }

    @Override
    public Uni<AwsResponse> handle(AwsRequest request) {
        return templates.delete(request.string("templateName")).map(done -> AwsResponse.empty());
    }
}

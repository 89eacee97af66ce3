package io.iotdm.provisioning.provisioningtemplate;

import io.iotdm.aws.service.AwsOperationHandler;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.aws.service.AwsResponse;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/** Deletes a version that is not the default. */
@Singleton
class DeleteProvisioningTemplateVersionHandler extends AwsOperationHandler {

    private final TemplateService templates;

    DeleteProvisioningTemplateVersionHandler(TemplateService templates) {
        super("iot", "DeleteProvisioningTemplateVersion");
        this.templates = templates;
    }

    @Override
    public Uni<AwsResponse> handle(AwsRequest request) {
        return templates
                .deleteVersion(
                        request.string("templateName"),
                        request.number("versionId").intValue())
                .map(done -> AwsResponse.empty());
    }
}

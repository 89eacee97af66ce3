package io.iotdm.provisioning.provisioningtemplate;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.iotdm.aws.protocol.Arns;
import io.iotdm.aws.service.AwsOperationHandler;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.aws.service.AwsResponse;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/** A new version of a template, its default with {@code setAsDefault}. */
@Singleton
class CreateProvisioningTemplateVersionHandler extends AwsOperationHandler {

    private final TemplateService templates;
    private final Arns arns;

    CreateProvisioningTemplateVersionHandler(TemplateService templates, Arns arns) {
        super("iot", "CreateProvisioningTemplateVersion");
        this.templates = templates;
        this.arns = arns;
    }

    @Override
    public Uni<AwsResponse> handle(AwsRequest request) {
        return templates
                .createVersion(
                        request.string("templateName"), request.string("templateBody"), request.flag("setAsDefault"))
                .map(created -> AwsResponse.json(JsonNodeFactory.instance
                        .objectNode()
                        .put(
                                "templateArn",
                                arns.provisioningTemplate(created.template().name()))
                        .put("templateName", created.template().name())
                        .put("versionId", created.version().versionId())
                        .put(
                                "isDefaultVersion",
                                created.version().versionId()
                                        == created.template().defaultVersionId())));
    }
}

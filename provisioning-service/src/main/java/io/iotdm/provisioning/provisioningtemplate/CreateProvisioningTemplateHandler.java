package io.iotdm.provisioning.provisioningtemplate;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.iotdm.aws.protocol.Arns;
import io.iotdm.aws.service.AwsOperationHandler;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.aws.service.AwsResponse;
import io.iotdm.tags.Tags;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/** A new template with its body as version 1, the default; disabled unless {@code enabled}. */
@Singleton
class CreateProvisioningTemplateHandler extends AwsOperationHandler {

    private final TemplateService templates;
    private final Arns arns;

    CreateProvisioningTemplateHandler(TemplateService templates, Arns arns) {
        super("iot", "CreateProvisioningTemplate");
        this.templates = templates;
        this.arns = arns;
    }

    @Override
    public Uni<AwsResponse> handle(AwsRequest request) {
        return templates
                .create(new TemplateService.NewTemplate(
                        request.string("templateName"),
                        request.string("description"),
                        request.string("templateBody"),
                        request.flag("enabled"),
                        request.string("provisioningRoleArn"),
                        ProvisioningHook.of(request.node("preProvisioningHook")),
                        TemplateType.valueOf(request.string("type", TemplateType.FLEET_PROVISIONING.name())),
                        Tags.of(request.node("tags"))))
                .map(created -> AwsResponse.json(JsonNodeFactory.instance
                        .objectNode()
                        .put("templateArn", arns.provisioningTemplate(created.name()))
                        .put("templateName", created.name())
                        .put("defaultVersionId", created.defaultVersionId())));
    }
}

package io.iotdm.provisioning.provisioningtemplate;

import com.fasterxml.jackson.databind.JsonNode;
import io.iotdm.aws.service.AwsOperationHandler;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.aws.service.AwsResponse;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/** Changes the members the caller sent; the type and the bodies never change here. */
@Singleton
class UpdateProvisioningTemplateHandler extends AwsOperationHandler {

    private final TemplateService templates;

    UpdateProvisioningTemplateHandler(TemplateService templates) {
        super("iot", "UpdateProvisioningTemplate");
        this.templates = templates;
    }

    @Override
    public Uni<AwsResponse> handle(AwsRequest request) {
        JsonNode enabled = request.node("enabled");
        Long defaultVersionId = request.number("defaultVersionId"); // the model's integer: it fits an int
        return templates
                .update(
                        request.string("templateName"),
                        new TemplateUpdate(
                                request.string("description"),
                                enabled.isBoolean() ? enabled.asBoolean() : null,
                                defaultVersionId == null ? null : defaultVersionId.intValue(),
                                request.string("provisioningRoleArn"),
                                ProvisioningHook.of(request.node("preProvisioningHook")),
                                request.flag("removePreProvisioningHook")))
                .map(done -> AwsResponse.empty());
    }
}

package io.iotdm.provisioning.provisioningtemplate;

import io.iotdm.aws.protocol.Arns;
import io.iotdm.aws.service.AwsOperationHandler;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.aws.service.AwsResponse;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/** A template with its default version's body. */
@Singleton
class DescribeProvisioningTemplateHandler extends AwsOperationHandler {

    private final TemplateService templates;
    private final Arns arns;

    DescribeProvisioningTemplateHandler(TemplateService templates, Arns arns) {
        super("iot", "DescribeProvisioningTemplate");
        this.templates = templates;
        this.arns = arns;
    }

    @Override
    public Uni<AwsResponse> handle(AwsRequest request) {
        return templates
                .describe(request.string("templateName"))
                .map(found ->
                        AwsResponse.json(ProvisioningTemplateJson.template(found.template(), found.version(), arns)));
    }
}

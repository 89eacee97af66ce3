package io.iotdm.provisioning.provisioningtemplate;

import io.iotdm.aws.service.AwsOperationHandler;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.aws.service.AwsResponse;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/** One version of a template, with its body. */
@Singleton
class DescribeProvisioningTemplateVersionHandler extends AwsOperationHandler {

    private final TemplateService templates;

    DescribeProvisioningTemplateVersionHandler(TemplateService templates) {
        super("iot", "DescribeProvisioningTemplateVersion");
        this.templates = templates;
    }

    @Override
    public Uni<AwsResponse> handle(AwsRequest request) {
        return templates
                .describeVersion(
                        request.string("templateName"),
                        request.number("versionId").intValue())
                .map(found -> AwsResponse.json(ProvisioningTemplateJson.version(found.template(), found.version())));
    }
}

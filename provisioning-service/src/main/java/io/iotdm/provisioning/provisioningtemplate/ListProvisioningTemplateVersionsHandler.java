package io.iotdm.provisioning.provisioningtemplate;

import io.iotdm.aws.service.AwsOperationHandler;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.aws.service.AwsResponse;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/** A template's versions, oldest first, paged with {@code nextToken}. */
@Singleton
class ListProvisioningTemplateVersionsHandler extends AwsOperationHandler {

    private final TemplateService templates;

    ListProvisioningTemplateVersionsHandler(TemplateService templates) {
        super("iot", "ListProvisioningTemplateVersions");
        this.templates = templates;
    }

    @Override
    public Uni<AwsResponse> handle(AwsRequest request) {
        return templates
                .listVersions(
                        request.string("templateName"),
                        request.string("nextToken"),
                        request.pageSize("maxResults", ListProvisioningTemplatesHandler.DEFAULT_PAGE_SIZE))
                .map(found -> AwsResponse.json(found.versions()
                        .json(
                                "versions",
                                version -> ProvisioningTemplateJson.listedVersion(found.template(), version))));
    }
}

package io.iotdm.provisioning.provisioningtemplate;

import io.iotdm.aws.protocol.Arns;
import io.iotdm.aws.service.AwsOperationHandler;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.aws.service.AwsResponse;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/** Templates in name order, paged with {@code nextToken}. */
@Singleton
class ListProvisioningTemplatesHandler extends AwsOperationHandler {

    /** AWS does not state it; the model's maximum, so that a caller without maxResults pages as rarely as possible. */
    static final int DEFAULT_PAGE_SIZE = 250;

    private final TemplateService templates;
    private final Arns arns;

    ListProvisioningTemplatesHandler(TemplateService templates, Arns arns) {
        super("iot", "ListProvisioningTemplates");
        this.templates = templates;
        this.arns = arns;
    }

    @Override
    public Uni<AwsResponse> handle(AwsRequest request) {
        return templates
                .list(request.string("nextToken"), request.pageSize("maxResults", DEFAULT_PAGE_SIZE))
                .map(page -> AwsResponse.json(
                        page.json("templates", template -> ProvisioningTemplateJson.listed(template, arns))));
    }
}

package io.iotdm.jobs.template;

import io.iotdm.aws.service.AwsOperationHandler;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.aws.service.AwsResponse;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/** One version of an AWS-managed template, the latest when none is asked (docs/aws-behaviour.md §5.15). */
@Singleton
class DescribeManagedJobTemplateHandler extends AwsOperationHandler {

    private final ManagedTemplateQueries managed;

    DescribeManagedJobTemplateHandler(ManagedTemplateQueries managed) {
        super("iot", "DescribeManagedJobTemplate");
        this.managed = managed;
    }

    @Override
    public Uni<AwsResponse> handle(AwsRequest request) {
        return Uni.createFrom()
                .item(() -> AwsResponse.json(
                        managed.describe(request.string("templateName"), request.string("templateVersion"))));
    }
}

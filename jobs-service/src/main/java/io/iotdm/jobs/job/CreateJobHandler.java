package io.iotdm.jobs.job;

import io.iotdm.aws.protocol.Arns;
import io.iotdm.aws.service.AwsOperationHandler;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.aws.service.AwsResponse;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/** A snapshot job of thing and thing-group targets, its document inline (docs/aws-behaviour.md §5.5). */
@Singleton
class CreateJobHandler extends AwsOperationHandler {

    private final JobCreation creation;
    private final Arns arns;

    CreateJobHandler(JobCreation creation, Arns arns) {
        super("iot", "CreateJob");
        this.creation = creation;
        this.arns = arns;
    }

    @Override
    public Uni<AwsResponse> handle(AwsRequest request) {
        return creation.create(request).map(job -> AwsResponse.json(JobJson.reference(job, arns)));
    }
}

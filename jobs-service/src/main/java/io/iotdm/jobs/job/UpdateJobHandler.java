package io.iotdm.jobs.job;

import io.iotdm.aws.service.AwsOperationHandler;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.aws.service.AwsResponse;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/** Changes an IN_PROGRESS job's description and configurations (docs/aws-behaviour.md §5.18). */
@Singleton
class UpdateJobHandler extends AwsOperationHandler {

    private final JobUpdate update;

    UpdateJobHandler(JobUpdate update) {
        super("iot", "UpdateJob");
        this.update = update;
    }

    @Override
    public Uni<AwsResponse> handle(AwsRequest request) {
        return update.update(request).map(ignored -> AwsResponse.empty());
    }
}

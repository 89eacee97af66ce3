package io.iotdm.jobs.job;

import io.iotdm.aws.service.AwsOperationHandler;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.aws.service.AwsResponse;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/** Starts deleting a job: DELETION_IN_PROGRESS until the rollout engine has deleted it (docs/aws-behaviour.md §5.8). */
@Singleton
class DeleteJobHandler extends AwsOperationHandler {

    private final JobCancellation cancellation;

    DeleteJobHandler(JobCancellation cancellation) {
        super("iot", "DeleteJob");
        this.cancellation = cancellation;
    }

    @Override
    public Uni<AwsResponse> handle(AwsRequest request) {
        return cancellation
                .delete(request.string("jobId"), request.flag("force"))
                .map(ignored -> AwsResponse.empty());
    }
}

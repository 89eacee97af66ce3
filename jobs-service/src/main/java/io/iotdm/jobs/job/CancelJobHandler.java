package io.iotdm.jobs.job;

import io.iotdm.aws.protocol.Arns;
import io.iotdm.aws.service.AwsOperationHandler;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.aws.service.AwsResponse;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/** Cancels a job's QUEUED executions, with {@code force} its IN_PROGRESS ones too (docs/aws-behaviour.md §5.8). */
@Singleton
class CancelJobHandler extends AwsOperationHandler {

    private final JobCancellation cancellation;
    private final Arns arns;

    CancelJobHandler(JobCancellation cancellation, Arns arns) {
        super("iot", "CancelJob");
        this.cancellation = cancellation;
        this.arns = arns;
    }

    @Override
    public Uni<AwsResponse> handle(AwsRequest request) {
        return cancellation
                .cancel(
                        request.string("jobId"),
                        request.flag("force"),
                        request.string("reasonCode"),
                        request.string("comment"))
                .map(job -> AwsResponse.json(JobJson.reference(job, arns)));
    }
}

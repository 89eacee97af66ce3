package io.iotdm.jobs.execution;

import io.iotdm.aws.service.AwsOperationHandler;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.aws.service.AwsResponse;
import io.iotdm.jobs.store.StatusDetails;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/** Cancels a thing's execution of a job (docs/aws-behaviour.md §5.6). */
@Singleton
class CancelJobExecutionHandler extends AwsOperationHandler {

    private final ExecutionService executions;

    CancelJobExecutionHandler(ExecutionService executions) {
        super("iot", "CancelJobExecution");
        this.executions = executions;
    }

    @Override
    public Uni<AwsResponse> handle(AwsRequest request) {
        return executions
                .cancel(
                        request.string("jobId"),
                        request.string("thingName"),
                        request.flag("force"),
                        request.number("expectedVersion"),
                        StatusDetails.of(request.node("statusDetails")))
                .map(ignored -> AwsResponse.empty());
    }
}

package io.iotdm.jobs.execution;

import io.iotdm.aws.service.AwsOperationHandler;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.aws.service.AwsResponse;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/** Deletes one execution of a thing at a job (docs/aws-behaviour.md §5.6). */
@Singleton
class DeleteJobExecutionHandler extends AwsOperationHandler {

    private final ExecutionService executions;

    DeleteJobExecutionHandler(ExecutionService executions) {
        super("iot", "DeleteJobExecution");
        this.executions = executions;
    }

    @Override
    public Uni<AwsResponse> handle(AwsRequest request) {
        return executions
                .delete(
                        request.string("jobId"),
                        request.string("thingName"),
                        request.number("executionNumber"),
                        request.flag("force"))
                .map(ignored -> AwsResponse.empty());
    }
}

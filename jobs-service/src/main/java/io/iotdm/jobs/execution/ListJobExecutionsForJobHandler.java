package io.iotdm.jobs.execution;

import io.iotdm.aws.service.AwsOperationHandler;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.aws.service.AwsResponse;
import io.iotdm.jobs.store.ExecutionStatus;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/** A job's executions in thing name order, optionally of one status. */
@Singleton
class ListJobExecutionsForJobHandler extends AwsOperationHandler {

    static final int DEFAULT_MAX_RESULTS = 50;

    private final ExecutionService executions;

    ListJobExecutionsForJobHandler(ExecutionService executions) {
        super("iot", "ListJobExecutionsForJob");
        this.executions = executions;
    }

    @Override
    public Uni<AwsResponse> handle(AwsRequest request) {
        String status = request.string("status");
        return executions
                .listForJob(
                        request.string("jobId"),
                        status == null ? null : ExecutionStatus.valueOf(status),
                        request.string("nextToken"),
                        request.pageSize("maxResults", DEFAULT_MAX_RESULTS))
                .map(AwsResponse::json);
    }
}

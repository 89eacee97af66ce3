package io.iotdm.jobs.execution;

import io.iotdm.aws.service.AwsOperationHandler;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.aws.service.AwsResponse;
import io.iotdm.jobs.store.ExecutionRepository;
import io.iotdm.jobs.store.ExecutionStatus;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/** A thing's executions in job id order, optionally of one status or one job. */
@Singleton
class ListJobExecutionsForThingHandler extends AwsOperationHandler {

    static final int DEFAULT_MAX_RESULTS = 50;

    private final ExecutionService executions;

    ListJobExecutionsForThingHandler(ExecutionService executions) {
        super("iot", "ListJobExecutionsForThing");
        this.executions = executions;
    }

    @Override
    public Uni<AwsResponse> handle(AwsRequest request) {
        String status = request.string("status");
        ExecutionRepository.ThingFilter filter = new ExecutionRepository.ThingFilter(
                request.string("thingName"),
                status == null ? null : ExecutionStatus.valueOf(status),
                request.string("jobId"));
        return executions
                .listForThing(filter, request.string("nextToken"), request.pageSize("maxResults", DEFAULT_MAX_RESULTS))
                .map(AwsResponse::json);
    }
}

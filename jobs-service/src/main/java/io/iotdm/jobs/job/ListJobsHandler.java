package io.iotdm.jobs.job;

import io.iotdm.aws.service.AwsOperationHandler;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.aws.service.AwsResponse;
import io.iotdm.jobs.store.JobRepository;
import io.iotdm.jobs.store.JobStatus;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/** Jobs newest first, filtered by status, target selection and targeted thing group. */
@Singleton
class ListJobsHandler extends AwsOperationHandler {

    static final int DEFAULT_MAX_RESULTS = 50;

    private final JobQueries queries;

    ListJobsHandler(JobQueries queries) {
        super("iot", "ListJobs");
        this.queries = queries;
    }

    @Override
    public Uni<AwsResponse> handle(AwsRequest request) {
        String status = request.string("status");
        JobRepository.Filter filter = new JobRepository.Filter(
                status == null ? null : JobStatus.valueOf(status),
                request.string("targetSelection"),
                request.string("thingGroupName"),
                request.string("thingGroupId"));
        return queries.list(filter, request.string("nextToken"), request.pageSize("maxResults", DEFAULT_MAX_RESULTS))
                .map(AwsResponse::json);
    }
}

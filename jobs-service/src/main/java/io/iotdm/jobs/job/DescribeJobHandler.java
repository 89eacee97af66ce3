package io.iotdm.jobs.job;

import io.iotdm.aws.service.AwsOperationHandler;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.aws.service.AwsResponse;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/** A job with its exact execution counts and, while it rolls out, the things it has still to reach. */
@Singleton
class DescribeJobHandler extends AwsOperationHandler {

    private final JobQueries queries;

    DescribeJobHandler(JobQueries queries) {
        super("iot", "DescribeJob");
        this.queries = queries;
    }

    @Override
    public Uni<AwsResponse> handle(AwsRequest request) {
        return queries.describe(request.string("jobId")).map(AwsResponse::json);
    }
}

package io.iotdm.jobs.job;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iotdm.aws.service.AwsOperationHandler;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.aws.service.AwsResponse;
import io.iotdm.jobs.document.PresignedUrlConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Singleton;

/**
 * A job with its exact execution counts and, while it rolls out, the things it has still to reach; its {@code
 * presignedUrlConfig} when it has one (docs/aws-behaviour.md §5.22).
 */
@Singleton
class DescribeJobHandler extends AwsOperationHandler {

    private final JobQueries queries;
    private final Pool pool;

    DescribeJobHandler(JobQueries queries, Pool pool) {
        super("iot", "DescribeJob");
        this.queries = queries;
        this.pool = pool;
    }

    @Override
    public Uni<AwsResponse> handle(AwsRequest request) {
        String jobId = request.string("jobId");
        return queries.describe(jobId)
                .chain(described -> PresignedUrlConfig.find(pool, jobId).map(config -> {
                    if (config != null && described.path("job") instanceof ObjectNode job) {
                        job.set("presignedUrlConfig", config.json());
                    }
                    return described;
                }))
                .map(AwsResponse::json);
    }
}

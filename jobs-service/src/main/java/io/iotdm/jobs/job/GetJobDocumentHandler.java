package io.iotdm.jobs.job;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.iotdm.aws.service.AwsOperationHandler;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.aws.service.AwsResponse;
import io.iotdm.jobs.store.DeviceDocuments;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Singleton;

/**
 * A job's document with its placeholders replaced as a device gets it, or as it was given with {@code
 * beforeSubstitution=true} (docs/aws-behaviour.md §5.22).
 */
@Singleton
class GetJobDocumentHandler extends AwsOperationHandler {

    private final JobQueries queries;
    private final DeviceDocuments documents;
    private final Pool pool;

    GetJobDocumentHandler(JobQueries queries, DeviceDocuments documents, Pool pool) {
        super("iot", "GetJobDocument");
        this.queries = queries;
        this.documents = documents;
        this.pool = pool;
    }

    @Override
    public Uni<AwsResponse> handle(AwsRequest request) {
        return queries.find(request.string("jobId"))
                .chain(job -> request.flag("beforeSubstitution")
                        ? Uni.createFrom().item(job.document())
                        : documents.forDevice(pool, job.jobId(), job.document()))
                .map(document ->
                        AwsResponse.json(JsonNodeFactory.instance.objectNode().put("document", document)));
    }
}

package io.iotdm.jobs.job;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.iotdm.aws.service.AwsOperationHandler;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.aws.service.AwsResponse;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/** A job's document as it was given (no document has placeholders to substitute yet). */
@Singleton
class GetJobDocumentHandler extends AwsOperationHandler {

    private final JobQueries queries;

    GetJobDocumentHandler(JobQueries queries) {
        super("iot", "GetJobDocument");
        this.queries = queries;
    }

    @Override
    public Uni<AwsResponse> handle(AwsRequest request) {
        return queries.find(request.string("jobId"))
                .map(job ->
                        AwsResponse.json(JsonNodeFactory.instance.objectNode().put("document", job.document())));
    }
}

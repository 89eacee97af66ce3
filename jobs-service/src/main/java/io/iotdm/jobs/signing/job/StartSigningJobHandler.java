package io.iotdm.jobs.signing.job;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.iotdm.aws.service.AwsOperationHandler;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.aws.service.AwsResponse;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/** Signs an object of the store and writes the signed object under the destination prefix (§10.4). */
@Singleton
class StartSigningJobHandler extends AwsOperationHandler {

    private final SigningJobs jobs;

    StartSigningJobHandler(SigningJobs jobs) {
        super("signer", "StartSigningJob");
        this.jobs = jobs;
    }

    @Override
    public Uni<AwsResponse> handle(AwsRequest request) {
        return jobs.start(
                        request.node("source"),
                        request.node("destination"),
                        request.string("profileName"),
                        request.string("clientRequestToken"))
                .map(jobId -> AwsResponse.json(JsonNodeFactory.instance
                        .objectNode()
                        .put("jobId", jobId)
                        .put("jobOwner", jobs.arns().account())));
    }
}

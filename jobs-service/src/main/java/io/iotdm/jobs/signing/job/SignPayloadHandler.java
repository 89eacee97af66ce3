package io.iotdm.jobs.signing.job;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iotdm.aws.service.AwsOperationHandler;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.aws.service.AwsResponse;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/**
 * Signs a payload of up to 4 KB directly: {@code signature} is the DER ECDSA signature of the payload's bytes, whatever
 * {@code payloadFormat} says; {@code metadata} names the profile version and the job (docs/aws-behaviour.md §10.4).
 */
@Singleton
class SignPayloadHandler extends AwsOperationHandler {

    private final SigningJobs jobs;

    SignPayloadHandler(SigningJobs jobs) {
        super("signer", "SignPayload");
        this.jobs = jobs;
    }

    @Override
    public Uni<AwsResponse> handle(AwsRequest request) {
        return jobs.signPayload(request.string("profileName"), request.blob("payload"))
                .map(signed -> {
                    SigningJob job = signed.job();
                    ObjectNode output = JsonNodeFactory.instance
                            .objectNode()
                            .put("jobId", job.jobId())
                            .put("jobOwner", jobs.arns().account());
                    output.putObject("metadata")
                            .put(
                                    "signingProfileVersionArn",
                                    jobs.arns().profileVersion(job.profileName(), job.profileVersion()))
                            .put("signingJobArn", jobs.arns().job(job.jobId()));
                    output.put("signature", signed.signature());
                    return AwsResponse.json(output);
                });
    }
}

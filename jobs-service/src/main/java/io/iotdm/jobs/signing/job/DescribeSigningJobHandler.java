package io.iotdm.jobs.signing.job;

import io.iotdm.aws.service.AwsOperationHandler;
import io.iotdm.aws.service.AwsRequest;
import io.iotdm.aws.service.AwsResponse;
import io.iotdm.jobs.signing.SignerErrors;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/** A job with its outcome: status, the reason of a failure, the signed object and the profile version it used. */
@Singleton
class DescribeSigningJobHandler extends AwsOperationHandler {

    private final SigningJobRepository repository;
    private final SigningJobs jobs;
    private final SignerErrors errors;

    DescribeSigningJobHandler(SigningJobRepository repository, SigningJobs jobs, SignerErrors errors) {
        super("signer", "DescribeSigningJob");
        this.repository = repository;
        this.jobs = jobs;
        this.errors = errors;
    }

    @Override
    public Uni<AwsResponse> handle(AwsRequest request) {
        String jobId = request.string("jobId");
        return repository.find(jobId).map(job -> {
            if (job == null) {
                throw errors.notFound("Signing job " + jobId + " does not exist");
            }
            return AwsResponse.json(SigningJobJson.described(job, jobs.platform(job), jobs.arns()));
        });
    }
}

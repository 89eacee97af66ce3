package io.iotdm.jobs.signing.job;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iotdm.aws.protocol.Timestamps;
import io.iotdm.jobs.signing.SignerArns;
import io.iotdm.jobs.signing.platform.SigningPlatform;
import java.time.Instant;

/** Signing jobs as DescribeSigningJob and ListSigningJobs spell them; dates in epoch seconds. */
final class SigningJobJson {

    private SigningJobJson() {}

    /** The members DescribeSigningJob's output and ListSigningJobs' items share. */
    private static ObjectNode common(SigningJob job, SigningPlatform platform, SignerArns arns) {
        ObjectNode output = JsonNodeFactory.instance.objectNode().put("jobId", job.jobId());
        if (job.source() != null) {
            output.putObject("source")
                    .putObject("s3")
                    .put("bucketName", job.source().bucketName())
                    .put("key", job.source().key())
                    .put("version", job.source().version());
        }
        if (job.signedObject() != null) {
            output.putObject("signedObject")
                    .putObject("s3")
                    .put("bucketName", job.signedObject().bucketName())
                    .put("key", job.signedObject().key());
        }
        output.putObject("signingMaterial").put("certificateArn", job.certificateArn());
        output.put("createdAt", Timestamps.epochSeconds(job.createdAt()))
                .put("status", job.status().name())
                .put("profileName", job.profileName())
                .put("profileVersion", job.profileVersion())
                .put("platformId", job.platformId())
                .put("platformDisplayName", platform.displayName());
        date(output, "signatureExpiresAt", job.signatureExpiresAt());
        return output.put("jobOwner", arns.account()).put("jobInvoker", arns.account());
    }

    /** ListSigningJobs' item (SigningJob). */
    static ObjectNode summary(SigningJob job, SigningPlatform platform, SignerArns arns) {
        return common(job, platform, arns).put("isRevoked", false);
    }

    /** DescribeSigningJob's output. */
    static ObjectNode described(SigningJob job, SigningPlatform platform, SignerArns arns) {
        ObjectNode output = common(job, platform, arns);
        if (job.overrides() != null) {
            output.set("overrides", job.overrides());
        }
        if (job.signingParameters() != null) {
            output.set("signingParameters", job.signingParameters());
        }
        date(output, "completedAt", job.completedAt());
        output.put("requestedBy", job.requestedBy());
        if (job.statusReason() != null) {
            output.put("statusReason", job.statusReason());
        }
        return output;
    }

    private static void date(ObjectNode output, String member, Instant at) {
        if (at != null) {
            output.put(member, Timestamps.epochSeconds(at));
        }
    }
}

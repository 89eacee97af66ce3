package io.iotdm.jobs.signing.job;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * A signing job as written, with its outcome.
 *
 * @param source {@code null} for SignPayload's jobs, which sign a payload and write no object
 * @param signedObject {@code null} unless a StartSigningJob succeeded
 * @param statusReason why it failed, {@code null} when it succeeded
 */
record SigningJob(
        String jobId,
        String profileName,
        String profileVersion,
        String platformId,
        String certificateArn,
        ObjectNode overrides,
        ObjectNode signingParameters,
        S3Object source,
        S3Object signedObject,
        Status status,
        String statusReason,
        String requestedBy,
        Instant createdAt,
        Instant completedAt,
        Instant signatureExpiresAt) {

    /** An object of the store: {@code version} is {@code null} for a signed object (SignedObject has none). */
    record S3Object(String bucketName, String key, String version) {}

    /** SigningStatus; a job is written once it has ended, so never InProgress. */
    enum Status {
        Succeeded,
        Failed
    }
}

package io.iotdm.jobs.signing.job;

import com.fasterxml.jackson.databind.JsonNode;
import io.iotdm.aws.protocol.Arns;
import io.iotdm.codesign.CodesignBlock;
import io.iotdm.codesign.CodesignException;
import io.iotdm.jobs.signing.SignerArns;
import io.iotdm.jobs.signing.SignerErrors;
import io.iotdm.jobs.signing.material.SigningMaterial;
import io.iotdm.jobs.signing.material.SigningMaterials;
import io.iotdm.jobs.signing.platform.SigningPlatform;
import io.iotdm.jobs.signing.platform.SigningPlatforms;
import io.iotdm.jobs.signing.profile.ProfileStatus;
import io.iotdm.jobs.signing.profile.SigningProfile;
import io.iotdm.jobs.signing.profile.SigningProfiles;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * StartSigningJob and SignPayload (docs/aws-behaviour.md §10.4). A request the service cannot take (no such profile,
 * a canceled or revoked one, no source or destination) is refused and leaves no job. A job it takes is done before it
 * answers and written once, with its outcome: Succeeded with its signed object, or Failed with the reason (no such
 * source object, too large, the store refused), so no job is ever seen half-done.
 */
@Singleton
public class SigningJobs {

    private static final Logger LOG = Logger.getLogger(SigningJobs.class);

    private final SigningProfiles profiles;
    private final SigningPlatforms platforms;
    private final SigningMaterials materials;
    private final ArtifactStore store;
    private final SigningJobRepository jobs;
    private final PayloadJobWriter payloadJobs;
    private final SignerErrors errors;
    private final SignerArns arns;
    private final Clock clock;

    SigningJobs(
            SigningProfiles profiles,
            SigningPlatforms platforms,
            SigningMaterials materials,
            ArtifactStore store,
            SigningJobRepository jobs,
            PayloadJobWriter payloadJobs,
            SignerErrors errors,
            Arns arns,
            Clock clock) {
        this.profiles = profiles;
        this.platforms = platforms;
        this.materials = materials;
        this.store = store;
        this.jobs = jobs;
        this.payloadJobs = payloadJobs;
        this.errors = errors;
        this.arns = SignerArns.of(arns);
        this.clock = clock;
    }

    SignerArns arns() {
        return arns;
    }

    SigningPlatform platform(SigningJob job) {
        return platforms.get(job.platformId());
    }

    /** @return the id of the job; the same as before for a token StartSigningJob has seen */
    Uni<String> start(JsonNode source, JsonNode destination, String profileName, String clientRequestToken) {
        JsonNode sourceS3 = source.path("s3");
        if (sourceS3.isMissingNode()) {
            throw errors.validation("source must have s3: the object to sign (bucketName, key, version)");
        }
        String destinationBucket = destination.path("s3").path("bucketName").asText(null);
        if (destinationBucket == null) {
            throw errors.validation("destination must have s3.bucketName: where the signed object is written");
        }
        String prefix = destination.path("s3").path("prefix").asText("");
        if (destinationBucket.isBlank()
                || sourceS3.path("bucketName").asText().isBlank()
                || sourceS3.path("key").asText().isBlank()) {
            throw errors.validation(
                    "source.s3.bucketName, source.s3.key and destination.s3.bucketName must not be" + " blank");
        }
        SigningJob.S3Object sourceObject = new SigningJob.S3Object(
                sourceS3.path("bucketName").asText(),
                sourceS3.path("key").asText(),
                sourceS3.path("version").asText());
        String token = tokenKey(clientRequestToken);
        return jobs.findByToken(token).chain(known -> {
            if (known != null) {
                return Uni.createFrom().item(known.jobId());
            }
            return profiles.forSigning(profileName)
                    .chain(profile -> materials
                            .open(profile.certificateArn())
                            .map(material -> new SigningWith(profile, material)))
                    .emitOn(Infrastructure.getDefaultWorkerPool())
                    .map(with -> sign(with.profile(), with.material(), sourceObject, destinationBucket, prefix))
                    .chain(job -> jobs.insert(job, token)
                            .chain(written -> written
                                    ? Uni.createFrom().item(job.jobId())
                                    : jobs.findByToken(token).map(SigningJob::jobId)));
        });
    }

    /**
     * What the table keeps of a {@code clientRequestToken}: its SHA-256, since the model sets no length and a unique
     * index takes keys of at most about 2,700 bytes.
     */
    private static String tokenKey(String clientRequestToken) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256")
                            .digest(clientRequestToken.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** Reads, signs and writes on a worker thread; any failure of the store becomes the job's Failed outcome. */
    private SigningJob sign(
            SigningProfile profile,
            SigningMaterial material,
            SigningJob.S3Object source,
            String destinationBucket,
            String prefix) {
        String jobId = UUID.randomUUID().toString();
        Instant createdAt = clock.instant();
        SigningPlatform platform = platforms.get(profile.platformId());
        try {
            SigningMaterial.Signed signed = store.read(
                    source.bucketName(), source.key(), source.version(), platform.maxSizeInBytes(), material::sign);
            SigningJob.S3Object signedObject = new SigningJob.S3Object(destinationBucket, prefix + jobId, null);
            store.write(
                    signedObject.bucketName(), signedObject.key(), SignedObjects.detached(signed, source, material));
            Instant completedAt = clock.instant();
            return job(jobId, profile, source, signedObject, SigningJob.Status.Succeeded, null, createdAt, completedAt);
        } catch (ArtifactStore.JobFailure failure) {
            LOG.infof("signing job %s failed: %s", jobId, failure.getMessage());
            return job(
                    jobId,
                    profile,
                    source,
                    null,
                    SigningJob.Status.Failed,
                    failure.getMessage(),
                    createdAt,
                    clock.instant());
        }
    }

    /**
     * SignPayload: the DER signature of the payload, recorded as a Succeeded job. The profile comes from memory
     * (SigningProfiles#remembered) and the job is written only if the profile is still Active at that version: when
     * it is not (another instance canceled, revoked or changed it), the profile is read again, which refuses a
     * profile no longer Active at once or signs again with its new version.
     */
    Uni<SignedPayload> signPayload(String profileName, byte[] payload) {
        return profiles.remembered(profileName)
                .chain(profile -> materials.open(profile.certificateArn()).chain(material -> {
                    Instant now = clock.instant();
                    byte[] signature = material.sign(payload);
                    SigningJob job = job(
                            UUID.randomUUID().toString(),
                            profile,
                            null,
                            null,
                            SigningJob.Status.Succeeded,
                            null,
                            now,
                            now);
                    return payloadJobs.write(job).chain(written -> {
                        if (written) {
                            return Uni.createFrom().item(new SignedPayload(job, signature));
                        }
                        profiles.forget(profile);
                        return signPayload(profileName, payload);
                    });
                }));
    }

    /**
     * The {@code codesign} block of a Succeeded StartSigningJob, for a job document (docs/aws-behaviour.md §10.5): read
     * from its signed object, on a worker thread.
     *
     * @throws UnusableSignature why the job's signature cannot go into a job document
     */
    public Uni<CodesignBlock> codesign(String signingJobId) {
        return jobs.find(signingJobId).chain(job -> {
            if (job == null) {
                throw new UnusableSignature(true, "Signing job " + signingJobId + " does not exist.");
            }
            if (job.status() != SigningJob.Status.Succeeded) {
                throw new UnusableSignature(
                        false,
                        "Signing job " + signingJobId + " is " + job.status() + " (" + job.statusReason()
                                + "); only a Succeeded signing job's signature can be used in a job document.");
            }
            if (job.signedObject() == null) {
                throw new UnusableSignature(
                        false,
                        "Signing job " + signingJobId + " signed a payload (SignPayload) and wrote no signed object;"
                                + " only a StartSigningJob's signature can be used in a job document.");
            }
            return profiles.status(job.profileName())
                    .emitOn(Infrastructure.getDefaultWorkerPool())
                    .map(status -> {
                        if (status != ProfileStatus.Active) {
                            throw new UnusableSignature(
                                    false,
                                    "The signing profile " + job.profileName() + " of signing job " + signingJobId
                                            + " is " + status + "; its signatures cannot be used in a new job.");
                        }
                        try {
                            return CodesignBlock.parse(new String(
                                    store.readSigned(
                                            job.signedObject().bucketName(),
                                            job.signedObject().key()),
                                    StandardCharsets.UTF_8));
                        } catch (ArtifactStore.JobFailure | CodesignException e) {
                            throw new UnusableSignature(
                                    false, "Signing job " + signingJobId + "'s signed object: " + e.getMessage());
                        }
                    });
        });
    }

    /**
     * Why a signing job's signature cannot go into a job document.
     *
     * @param notFound whether the signing job does not exist (else it exists but cannot be used)
     */
    public static final class UnusableSignature extends RuntimeException {
        private final boolean notFound;

        UnusableSignature(boolean notFound, String message) {
            super(message, null, false, false);
            this.notFound = notFound;
        }

        public boolean notFound() {
            return notFound;
        }
    }

    /** A profile and its opened material. */
    private record SigningWith(SigningProfile profile, SigningMaterial material) {}

    /** SignPayload's outcome. */
    record SignedPayload(SigningJob job, byte[] signature) {}

    private SigningJob job(
            String jobId,
            SigningProfile profile,
            SigningJob.S3Object source,
            SigningJob.S3Object signedObject,
            SigningJob.Status status,
            String statusReason,
            Instant createdAt,
            Instant completedAt) {
        return new SigningJob(
                jobId,
                profile.profileName(),
                profile.profileVersion(),
                profile.platformId(),
                profile.certificateArn(),
                profile.overrides(),
                profile.signingParameters(),
                source,
                signedObject,
                status,
                statusReason,
                arns.caller(),
                createdAt,
                completedAt,
                status == SigningJob.Status.Succeeded ? profile.validity().expiry(completedAt) : null);
    }
}

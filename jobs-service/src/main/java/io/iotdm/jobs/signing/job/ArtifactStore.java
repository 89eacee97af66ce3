package io.iotdm.jobs.signing.job;

import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The objects signing jobs read and write, in the S3-compatible store ({@code iotdm.jobs.s3.*}, the client of
 * {@code JobsBeans}). Blocking calls: callers run them on a worker thread. Every failure
 * is a {@link JobFailure} whose message is the job's {@code statusReason}.
 */
@Singleton
class ArtifactStore {

    private final S3Client s3;

    ArtifactStore(S3Client s3) {
        this.s3 = s3;
    }

    /** What reading a source gives: {@code T} from its bytes. */
    interface SourceReader<T> {
        T read(InputStream bytes) throws IOException;
    }

    /**
     * Reads the source object at its version. A store that keeps versions serves that version or refuses; a store
     * without versioning (devstack's S3Proxy) answers the object's only bytes and no version, which is taken as the
     * version named (docs/aws-behaviour.md §10.4).
     *
     * @param maxBytes the platform's largest object: a larger one fails the job before a byte is signed
     */
    <T> T read(String bucket, String key, String version, long maxBytes, SourceReader<T> reader) {
        String location = "s3://" + bucket + "/" + key + " (version " + version + ")";
        try (ResponseInputStream<GetObjectResponse> object =
                s3.getObject(request -> request.bucket(bucket).key(key).versionId(version))) {
            GetObjectResponse response = object.response();
            if (response.versionId() != null && !response.versionId().equals(version)) {
                throw new JobFailure("The source object " + location + " does not exist: the store served version "
                        + response.versionId());
            }
            if (response.contentLength() != null && response.contentLength() > maxBytes) {
                object.abort();
                throw new JobFailure("The source object " + location + " is " + response.contentLength()
                        + " bytes, more than the platform's limit of " + maxBytes + " bytes");
            }
            return reader.read(object);
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                throw new JobFailure("The source object " + location + " does not exist");
            }
            if (e.statusCode() == 403) {
                throw new JobFailure("Access to the source object " + location + " was denied");
            }
            throw new JobFailure("The source object " + location + " could not be read: " + reason(e));
        } catch (SdkException | IOException | IllegalArgumentException e) {
            // IllegalArgumentException: the SDK's own check of a bucket name or key it cannot send
            throw new JobFailure("The source object " + location + " could not be read: " + e.getMessage());
        }
    }

    /** The bytes of a signed object StartSigningJob wrote (a few kilobytes of JSON). */
    byte[] readSigned(String bucket, String key) {
        try {
            return s3.getObjectAsBytes(request -> request.bucket(bucket).key(key))
                    .asByteArray();
        } catch (S3Exception e) {
            throw new JobFailure("The signed object s3://" + bucket + "/" + key + " could not be read: " + reason(e));
        } catch (SdkException | IllegalArgumentException e) {
            throw new JobFailure(
                    "The signed object s3://" + bucket + "/" + key + " could not be read: " + e.getMessage());
        }
    }

    /** Writes the signed object. */
    void write(String bucket, String key, byte[] body) {
        String location = "s3://" + bucket + "/" + key;
        try {
            s3.putObject(
                    request -> request.bucket(bucket).key(key).contentType("application/json"),
                    RequestBody.fromBytes(body));
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                throw new JobFailure("The destination bucket " + bucket + " does not exist");
            }
            throw new JobFailure("The signed object " + location + " could not be written: " + reason(e));
        } catch (SdkException | IllegalArgumentException e) {
            throw new JobFailure("The signed object " + location + " could not be written: " + e.getMessage());
        }
    }

    private static String reason(S3Exception e) {
        return e.awsErrorDetails() == null
                ? e.getMessage()
                : e.awsErrorDetails().errorMessage();
    }

    /** Why a job failed, in words for its {@code statusReason}. */
    static final class JobFailure extends RuntimeException {
        JobFailure(String reason) {
            super(reason, null, false, false);
        }
    }
}

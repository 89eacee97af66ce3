package io.iotdm.provisioning.registrationtask;

import io.iotdm.aws.service.AwsErrors;
import io.iotdm.provisioning.ProvisioningConfig;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.ObjIntConsumer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * A task's objects in the S3-compatible store: the input file, read as the ETag it had when the task started, and the
 * reports (docs/aws-behaviour.md §6.9). Blocking calls: callers run them off the event loop.
 */
@Singleton
public class TaskFiles {

    private final S3Client s3;
    private final S3Presigner presigner;
    private final ProvisioningConfig.ObjectStore config;
    private final AwsErrors errors;
    private volatile boolean reportBucketExists;

    TaskFiles(ProvisioningConfig config, AwsErrors errors) {
        this.config = config.s3();
        this.errors = errors;
        AwsCredentialsProvider credentials = this.config.accessKey().isPresent()
                ? StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        this.config.accessKey().get(), this.config.secretKey().orElse("")))
                : DefaultCredentialsProvider.builder().build();
        // path-style addressing: S3-compatible stores (S3Proxy, MinIO) rarely serve bucket host names
        S3Configuration pathStyle =
                S3Configuration.builder().pathStyleAccessEnabled(true).build();
        Region region = Region.of(this.config.region());
        this.s3 = S3Client.builder()
                .endpointOverride(this.config.endpoint())
                .region(region)
                .credentialsProvider(credentials)
                .serviceConfiguration(pathStyle)
                .httpClient(UrlConnectionHttpClient.create())
                // S3Proxy does not take the SDK's default chunked checksums on upload
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .build();
        this.presigner = S3Presigner.builder()
                .endpointOverride(this.config.endpoint())
                .region(region)
                .credentialsProvider(credentials)
                .serviceConfiguration(pathStyle)
                .build();
    }

    @PreDestroy
    void close() {
        s3.close();
        presigner.close();
    }

    /**
     * @return the input file's ETag
     * @throws io.iotdm.aws.protocol.AwsServiceException InvalidRequestException when the file does not exist or may not
     *     be read, ServiceUnavailableException when the store does not answer
     */
    String inputEtag(TaskInput input) {
        try {
            return s3.headObject(b -> b.bucket(input.bucket()).key(input.key())).eTag();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                throw errors.invalidRequest("The input file " + input + " does not exist");
            }
            if (e.statusCode() == 403) {
                throw errors.invalidRequest("The input file " + input + " cannot be read: access denied");
            }
            throw unavailable(e);
        } catch (SdkClientException e) {
            throw unavailable(e);
        }
    }

    /**
     * Calls {@code line} with each line of the input that is not blank and its number in the file (from 1; blank lines
     * are numbered but skipped), in order.
     *
     * @throws TaskFailed when the file is no longer the one the task started with
     */
    void forEachLine(TaskInput input, String etag, ObjIntConsumer<String> line) {
        try (ResponseInputStream<GetObjectResponse> object = s3.getObject(
                        b -> b.bucket(input.bucket()).key(input.key()).ifMatch(etag));
                BufferedReader reader = new BufferedReader(new InputStreamReader(object, StandardCharsets.UTF_8))) {
            int number = 0;
            for (String text = reader.readLine(); text != null; text = reader.readLine()) {
                number++;
                if (!text.isBlank()) {
                    line.accept(text, number);
                }
            }
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                throw new TaskFailed("The input file " + input + " was deleted before the task ended");
            }
            if (e.statusCode() == 412) {
                throw new TaskFailed("The input file " + input + " changed before the task ended");
            }
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes one report object (replacing it: a resumed runner writes the same lines again). */
    void writeReport(String taskId, ReportType type, int part, List<String> lines) {
        if (!reportBucketExists) {
            try {
                s3.createBucket(b -> b.bucket(config.reportBucket()));
            } catch (S3Exception e) {
                if (e.statusCode() != 409) { // BucketAlreadyOwnedByYou / BucketAlreadyExists
                    throw e;
                }
            }
            reportBucketExists = true;
        }
        StringBuilder body = new StringBuilder();
        lines.forEach(line -> body.append(line).append('\n'));
        s3.putObject(
                b -> b.bucket(config.reportBucket())
                        .key(reportKey(taskId, type, part))
                        .contentType("application/x-ndjson"),
                RequestBody.fromString(body.toString(), StandardCharsets.UTF_8));
    }

    /** A link that fetches a report object with a plain GET until {@code presigned-url-duration} has passed. */
    String link(String taskId, ReportType type, int part) {
        return presigner
                .presignGetObject(b -> b.signatureDuration(config.presignedUrlDuration())
                        .getObjectRequest(g -> g.bucket(config.reportBucket()).key(reportKey(taskId, type, part))))
                .url()
                .toString();
    }

    /** {@code <taskId>/<RESULTS|ERRORS>/<part>.jsonl}, parts numbered from 1. */
    private static String reportKey(String taskId, ReportType type, int part) {
        return taskId + "/" + type + "/" + part + ".jsonl";
    }

    private RuntimeException unavailable(Exception e) {
        return errors.iot(
                "ServiceUnavailableException",
                "The object store at " + config.endpoint() + " did not answer: " + e.getMessage());
    }
}

package io.iotdm.jobs.document;

import io.iotdm.jobs.JobsConfig;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Presigned GET URLs of the S3-compatible store ({@code iotdm.jobs.s3.*}), at the address devices reach it by ({@code
 * iotdm.jobs.s3.device-endpoint}, else the service's own). Presigning is a local computation (SigV4 query
 * parameters), so it needs no request to the store and may run on the event loop.
 */
@Singleton
class PresignedUrls {

    private final S3Presigner presigner;

    PresignedUrls(JobsConfig config) {
        JobsConfig.ObjectStore store = config.s3();
        AwsCredentialsProvider credentials = store.accessKey().isPresent()
                ? StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        store.accessKey().get(), store.secretKey().orElse("")))
                : DefaultCredentialsProvider.builder().build();
        this.presigner = S3Presigner.builder()
                .endpointOverride(store.deviceEndpoint().orElse(store.endpoint()))
                .region(Region.of(store.region()))
                .credentialsProvider(credentials)
                // path-style, as the signing jobs' client: S3-compatible stores rarely serve bucket host names
                .serviceConfiguration(
                        S3Configuration.builder().pathStyleAccessEnabled(true).build())
                .build();
    }

    @PreDestroy
    void close() {
        presigner.close();
    }

    /** A URL that GETs the object until {@code expiry} from now. */
    String get(PresignedUrlPlaceholders.S3Object object, Duration expiry) {
        return presigner
                .presignGetObject(presign -> presign.signatureDuration(expiry)
                        .getObjectRequest(get -> get.bucket(object.bucket()).key(object.key())))
                .url()
                .toString();
    }
}

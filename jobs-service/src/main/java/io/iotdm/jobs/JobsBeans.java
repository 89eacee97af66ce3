package io.iotdm.jobs;

import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;

class JobsBeans {

    /** The time of every job and execution date and of the rollout's rate windows; tests set their own. */
    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    /**
     * The S3-compatible store ({@code iotdm.jobs.s3.*}): signing jobs' objects and CreateJob's {@code documentSource},
     * with the SDK's S3 client configured as the provisioning-service's. Its calls block: callers run them on a worker
     * thread.
     */
    @Produces
    @Singleton
    S3Client objectStore(JobsConfig config) {
        JobsConfig.ObjectStore store = config.s3();
        AwsCredentialsProvider credentials = store.accessKey().isPresent()
                ? StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        store.accessKey().get(), store.secretKey().orElse("")))
                : DefaultCredentialsProvider.builder().build();
        return S3Client.builder()
                .endpointOverride(store.endpoint())
                .region(Region.of(store.region()))
                .credentialsProvider(credentials)
                // path-style addressing: S3-compatible stores (S3Proxy, MinIO) rarely serve bucket host names
                .serviceConfiguration(
                        S3Configuration.builder().pathStyleAccessEnabled(true).build())
                .httpClient(UrlConnectionHttpClient.create())
                // S3Proxy does not take the SDK's default chunked checksums on upload
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .build();
    }

    void close(@Disposes S3Client objectStore) {
        objectStore.close();
    }
}

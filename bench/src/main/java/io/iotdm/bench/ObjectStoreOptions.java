package io.iotdm.bench;

import java.net.URI;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** The S3-compatible store of the stack (devstack's S3Proxy by default), for the scenarios that put objects in it. */
final class ObjectStoreOptions {

    @Option(names = "--s3-endpoint", defaultValue = "http://127.0.0.1:29000", description = "(${DEFAULT-VALUE})")
    URI s3Endpoint;

    @Option(names = "--s3-access-key", defaultValue = "iotdm")
    String s3AccessKey;

    @Option(names = "--s3-secret-key", defaultValue = "iotdm-devstack-secret")
    String s3SecretKey;

    /** Takes the store's address and keys from devstack's stack file, unless the command line gave them. */
    void apply(StackFile file, CommandSpec spec) {
        var parsed = spec.commandLine().getParseResult();
        if (!parsed.hasMatchedOption("--s3-endpoint")) {
            file.get(StackFile.S3_ENDPOINT).map(URI::create).ifPresent(v -> s3Endpoint = v);
        }
        if (!parsed.hasMatchedOption("--s3-access-key")) {
            file.get(StackFile.S3_ACCESS_KEY).ifPresent(v -> s3AccessKey = v);
            file.get(StackFile.S3_SECRET_KEY).ifPresent(v -> s3SecretKey = v);
        }
    }

    S3Client client(String region) {
        return S3Client.builder()
                .endpointOverride(s3Endpoint)
                .region(Region.of(region))
                .credentialsProvider(
                        StaticCredentialsProvider.create(AwsBasicCredentials.create(s3AccessKey, s3SecretKey)))
                .forcePathStyle(true)
                .httpClient(UrlConnectionHttpClient.create())
                // S3Proxy does not take the SDK's default chunked checksums on upload
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .build();
    }
}

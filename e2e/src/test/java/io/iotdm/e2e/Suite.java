package io.iotdm.e2e;

import io.iotdm.devstack.DevStackProcess;
import io.iotdm.devstack.StackAddresses;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The whole suite (engines, services, api-gateway), started once for all end-to-end tests of this JVM, its services
 * tracing every request to a collector of the test's own ({@link OtlpReceiver}).
 */
public final class Suite {

    private static DevStackProcess process;
    private static OtlpReceiver traces;

    private Suite() {}

    public static synchronized StackAddresses addresses() {
        if (process == null) {
            traces = OtlpReceiver.start();
            try {
                process = DevStackProcess.start(
                        Path.of("target", "suite"),
                        true,
                        Path.of(System.getProperty("iotdm.project.root")),
                        List.of("--otlp-endpoint", traces.endpoint(), "--otlp-protocol", "http/protobuf"));
            } catch (IOException e) {
                traces.close();
                throw new UncheckedIOException(e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                process.close();
                traces.close();
            }));
            awaitFleetIndex(process.addresses());
        }
        return process.addresses();
    }

    /** The indexing-service is ready once its index is set up; its first build (from an empty registry) follows. */
    static void awaitFleetIndex(StackAddresses stack) {
        try (IotClient iot = iot(stack, stack.get(StackAddresses.API_SECRET_KEY))) {
            Instant deadline = Instant.now().plusSeconds(60);
            while (!"ACTIVE"
                            .equals(iot.describeIndex(request -> request.indexName("AWS_Things"))
                                    .indexStatusAsString())
                    && Instant.now().isBefore(deadline)) {
                Thread.sleep(100);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The spans the suite's services have exported so far. */
    static List<OtlpReceiver.ReceivedSpan> spans() {
        addresses();
        return traces.spans();
    }

    static URI endpoint() {
        return URI.create(addresses().get(StackAddresses.API_ENDPOINT));
    }

    static IotClient iot(String secretKey) {
        return iot(addresses(), secretKey);
    }

    static IotClient iot(StackAddresses stack, String secretKey) {
        return IotClient.builder()
                .endpointOverride(URI.create(stack.get(StackAddresses.API_ENDPOINT)))
                .region(Region.of(stack.get(StackAddresses.API_REGION)))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(stack.get(StackAddresses.API_ACCESS_KEY), secretKey)))
                .httpClient(ApacheHttpClient.create())
                .build();
    }

    /** The stack's S3-compatible store, as a client of it sees it. */
    static S3Client s3(StackAddresses stack) {
        return S3Client.builder()
                .endpointOverride(URI.create(stack.get(StackAddresses.S3_ENDPOINT)))
                .region(Region.of(stack.get(StackAddresses.S3_REGION)))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        stack.get(StackAddresses.S3_ACCESS_KEY), stack.get(StackAddresses.S3_SECRET_KEY))))
                .forcePathStyle(true)
                .httpClient(ApacheHttpClient.create())
                // S3Proxy does not take the SDK's default chunked checksums on upload
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .build();
    }

    static IotClient iot() {
        return iot(addresses().get(StackAddresses.API_SECRET_KEY));
    }
}

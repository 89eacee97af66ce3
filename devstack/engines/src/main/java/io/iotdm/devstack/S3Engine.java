package io.iotdm.devstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import org.jclouds.filesystem.FilesystemApiMetadata;
import org.jclouds.filesystem.reference.FilesystemConstants;

/**
 * An S3 API (S3Proxy) inside devstack's JVM, backed by jclouds' "filesystem" blob store: a bucket
 * is a directory of {@code dataDir} and an object a file, so the data outlives the process.
 * Requests must be signed (AWS signature v2 or v4) with the given key pair.
 */
final class S3Engine implements Engine {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);

    private final Path dataDir;
    private final int port;
    private final String accessKey;
    private final String secretKey;
    private BlobStoreContext context;
    private S3Proxy proxy;

    S3Engine(Path dataDir, int port, String accessKey, String secretKey) {
        this.dataDir = dataDir.toAbsolutePath();
        this.port = port;
        this.accessKey = accessKey;
        this.secretKey = secretKey;
    }

    @Override
    public String name() {
        return "s3";
    }

    @Override
    public void start() throws Exception {
        Files.createDirectories(dataDir);
        Properties overrides = new Properties();
        overrides.setProperty(FilesystemConstants.PROPERTY_BASEDIR, dataDir.toString());
        // By ApiMetadata, not by the id "filesystem": a lookup by id instantiates every jclouds
        // provider on the classpath, including s3proxy's Azure one, whose classes are excluded.
        context = ContextBuilder.newBuilder(new FilesystemApiMetadata())
                .overrides(overrides)
                .buildView(BlobStoreContext.class);
        proxy = S3Proxy.builder()
                .blobStore(context.getBlobStore())
                .endpoint(URI.create(endpoint()))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey)
                .build();
        try {
            proxy.start();
            awaitHttp();
        } catch (Exception | Error e) {
            stop(); // frees the port for the next attempt
            throw e;
        }
    }

    @Override
    public Map<String, String> addresses() {
        return Map.of(StackAddresses.S3_ENDPOINT, endpoint());
    }

    @Override
    public Optional<String> failure() {
        if (proxy == null) {
            return Optional.of("it is not running");
        }
        String state = proxy.getState(); // Jetty's lifecycle state
        return "STARTED".equals(state) ? Optional.empty() : Optional.of("its HTTP server is " + state);
    }

    @Override
    public void stop() {
        if (proxy != null) {
            try {
                proxy.stop();
            } catch (Exception e) {
                System.err.println("s3 did not stop cleanly: " + e.getMessage());
            }
            proxy = null;
        }
        if (context != null) {
            context.close();
            context = null;
        }
    }

    @Override
    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    /** Any HTTP answer will do: an unsigned request gets 403 AccessDenied once Jetty serves. */
    private void awaitHttp() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(endpoint() + "/"))
                .timeout(Duration.ofSeconds(2))
                .build();
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        IOException last = null;
        try (HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()) {
            while (System.nanoTime() < deadline) {
                try {
                    http.send(request, HttpResponse.BodyHandlers.discarding());
                    return;
                } catch (IOException e) {
                    last = e;
                }
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("S3Proxy did not answer on " + endpoint() + " within " + READY_TIMEOUT, last);
    }
}

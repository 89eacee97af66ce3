package io.iotdm.gateway.auth;

import static io.iotdm.gateway.auth.SdkSigning.AKID;
import static io.iotdm.gateway.auth.SdkSigning.SECRET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkGlobalTime;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.IotException;
import software.amazon.awssdk.services.s3.S3Client;

/** A JDK HttpServer running the verifier, driven by real clients: SDK v2 IotClient, raw presigned URLs, the CLI. */
class RealClientsEndToEndTest {

    VerifierHttpServer server;

    @BeforeEach
    void start() throws Exception {
        server = new VerifierHttpServer(verifier(Clock.systemUTC()));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    static SigV4Verifier verifier(Clock clock) {
        return new SigV4Verifier(
                k -> k.equals(AKID) ? Optional.of(new SigV4Verifier.Credentials(SECRET)) : Optional.empty(), clock);
    }

    IotClient iot(String akid, String secret, SdkHttpClient http) {
        var b = IotClient.builder()
                .endpointOverride(URI.create(server.endpoint()))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(akid, secret)));
        if (http != null) b.httpClient(http);
        return b.build();
    }

    void assertAllOk(int expectedRequests, String service) {
        assertEquals(expectedRequests, server.seen.size());
        for (VerifierHttpServer.Seen s : server.seen) {
            assertNull(
                    s.error(),
                    () -> s.method() + " " + s.rawPath() + ": " + s.error().getMessage());
            assertEquals(AKID, s.identity().accessKeyId());
            assertEquals("us-east-1", s.identity().region());
            assertEquals(service, s.identity().service());
        }
    }

    // (a) SDK v2 IotClient, with the default, Apache and URLConnection HTTP clients
    @Test
    void iotClientCallsVerify() {
        List<Supplier<SdkHttpClient>> https = new ArrayList<>();
        https.add(() -> null);
        https.add(ApacheHttpClient::create);
        https.add(UrlConnectionHttpClient::create);
        for (Supplier<SdkHttpClient> http : https) {
            try (IotClient iot = iot(AKID, SECRET, http.get())) {
                iot.createThing(b -> b.thingName("dev:1_a").attributePayload(p -> p.attributes(Map.of("a", "b c"))));
                iot.describeThing(b -> b.thingName("dev:1_a"));
                iot.listThings(b -> b.attributeName("x").attributeValue("a b/c").maxResults(5));
                iot.describeThing(b -> b.thingName("a b~c+d"));
                iot.listThings(b -> b.nextToken("abc+/=="));
            }
        }
        assertAllOk(15, "iot");
        VerifierHttpServer.Seen create = server.seen.get(0);
        assertEquals("/things/dev%3A1_a", create.rawPath());
        assertTrue(server.seen.stream()
                .anyMatch(s -> s.rawQuery() != null && s.rawQuery().contains("a%20b%2Fc")));
        // SDK v2 always sends and signs x-amz-content-sha256 (the body hash, even over plain http)
        assertNotNull(create.headers().get("x-amz-content-sha256"));
        assertTrue(create.identity().payloadSigned());
    }

    // (b) wrong secret / unknown key surface in the SDK as IotException with AWS's code, status and message
    @Test
    void iotClientWithWrongCredentials() {
        try (IotClient iot = iot(AKID, "not-the-secret", null)) {
            IotException e = assertThrows(IotException.class, () -> iot.listThings(b -> b.maxResults(1)));
            assertEquals(403, e.statusCode());
            assertEquals("InvalidSignatureException", e.awsErrorDetails().errorCode());
            assertEquals(SigV4Verifier.SIGNATURE_MISMATCH, e.awsErrorDetails().errorMessage());
        }
        try (IotClient iot = iot("AKIDUNKNOWN", SECRET, null)) {
            IotException e = assertThrows(IotException.class, () -> iot.listThings(b -> b.maxResults(1)));
            assertEquals(403, e.statusCode());
            assertEquals("UnrecognizedClientException", e.awsErrorDetails().errorCode());
            assertEquals(
                    "The security token included in the request is invalid.",
                    e.awsErrorDetails().errorMessage());
        }
    }

    HttpResponse<String> send(SdkHttpRequest signed, String overrideUrl) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(
                        overrideUrl != null ? overrideUrl : signed.getUri().toString()))
                .method(signed.method().name(), HttpRequest.BodyPublishers.noBody());
        signed.forEachHeader((k, vs) -> {
            if (!k.equalsIgnoreCase("Host")) vs.forEach(v -> b.header(k, v)); // java.net.http sets Host itself
        });
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    // (c) presigned URL from AwsV4HttpSigner: OK, then tampered
    @Test
    void presignedUrl() throws Exception {
        SdkHttpRequest signed = SdkSigning.sign(
                SdkSigning.request(
                        SdkHttpMethod.GET,
                        server.endpoint() + "/things?maxResults=2&attributeValue=a%20b%2Fc",
                        Map.of()),
                null,
                SdkSigning.Opts.iot().at(Instant.now()).presign(Duration.ofMinutes(5)));
        String url = signed.getUri().toString();
        assertTrue(url.contains("X-Amz-Signature="), url);
        HttpResponse<String> ok = send(signed, null);
        assertEquals(200, ok.statusCode(), ok.body());
        assertTrue(server.seen.get(0).identity().presigned());

        HttpResponse<String> bad = send(signed, url.replace("maxResults=2", "maxResults=3"));
        assertEquals(403, bad.statusCode());
        assertEquals(
                "InvalidSignatureException",
                bad.headers().firstValue("x-amzn-ErrorType").orElseThrow());
        assertEquals("{\"message\":\"" + SigV4Verifier.SIGNATURE_MISMATCH + "\"}", bad.body());
    }

    // (e) iotdata signing name -> scope service "iotdata"
    @Test
    void iotDataScope() throws Exception {
        SdkHttpRequest signed = SdkSigning.sign(
                SdkSigning.request(SdkHttpMethod.GET, server.endpoint() + "/things/t/shadow?name=s1", Map.of()),
                new byte[0],
                SdkSigning.Opts.iot().service("iotdata").at(Instant.now()));
        assertEquals(200, send(signed, null).statusCode());
        assertAllOk(1, "iotdata");
    }

    // (f) stale x-amz-date
    @Test
    void staleDate() throws Exception {
        SdkHttpRequest signed = SdkSigning.sign(
                SdkSigning.request(SdkHttpMethod.GET, server.endpoint() + "/things", Map.of()),
                new byte[0],
                SdkSigning.Opts.iot().at(Instant.now().minus(Duration.ofMinutes(20))));
        HttpResponse<String> r = send(signed, null);
        assertEquals(403, r.statusCode());
        assertEquals(
                "InvalidSignatureException",
                r.headers().firstValue("x-amzn-ErrorType").orElseThrow());
        assertTrue(
                r.body()
                        .matches("\\{\"message\":\"Signature expired: \\d{8}T\\d{6}Z is now earlier than "
                                + "\\d{8}T\\d{6}Z \\(\\d{8}T\\d{6}Z - 15 min\\.\\)\"}"),
                r.body());
    }

    /**
     * SDK v2 treats "Signature expired" as a clock-skew error: it compares the response's Date header with its own
     * clock, shifts its signing clock and retries once. So a gateway MUST send an accurate Date header on errors.
     */
    @Test
    void sdkCorrectsItsClockSkewFromDateHeader() {
        int before = SdkGlobalTime.getGlobalTimeOffset();
        SdkGlobalTime.setGlobalTimeOffset(20 * 60); // new clients start with a clock 20 minutes off
        try (IotClient iot = iot(AKID, SECRET, null)) {
            iot.listThings(b -> b.maxResults(1));
        } finally {
            SdkGlobalTime.setGlobalTimeOffset(before);
        }
        assertEquals(2, server.seen.size());
        assertTrue(server.seen.get(0).error().getMessage().startsWith("Signature expired: "));
        assertNotNull(server.seen.get(1).identity());
    }

    /** What SDK v2 S3 sends over plain http: an aws-chunked body whose seed signs a STREAMING-* payload hash. */
    @Test
    void s3PutObjectStreamingPayload() {
        try (S3Client s3 = S3Client.builder()
                .endpointOverride(URI.create(server.endpoint()))
                .region(Region.US_EAST_1)
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(AKID, SECRET)))
                .build()) {
            assertThrows(
                    Exception.class, () -> s3.putObject(b -> b.bucket("b").key("k"), RequestBody.fromString("hello")));
        }
        VerifierHttpServer.Seen put = server.seen.get(0);
        String sha = put.headers().get("x-amz-content-sha256").get(0);
        System.out.println("S3 PutObject over http: x-amz-content-sha256=" + sha + " content-encoding="
                + put.headers().get("content-encoding") + " x-amz-trailer="
                + put.headers().get("x-amz-trailer"));
        assertTrue(sha.startsWith("STREAMING-"), sha);
        assertEquals("InvalidRequestException", put.error().errorCode()); // rejected by default
    }

    // (d)/(e) the AWS CLI (botocore) as a second, independent client; skipped when `aws` is not on PATH
    static boolean awsCli() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(new File(dir, "aws").toPath())) return true;
        }
        return false;
    }

    record Cli(int exit, String out) {}

    Cli aws(String secret, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("aws"));
        cmd.addAll(List.of(args));
        cmd.addAll(List.of("--endpoint-url", server.endpoint(), "--region", "us-east-1"));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("AWS_ACCESS_KEY_ID", AKID);
        pb.environment().put("AWS_SECRET_ACCESS_KEY", secret);
        pb.environment().remove("AWS_SESSION_TOKEN");
        pb.environment().remove("AWS_PROFILE");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return new Cli(p.exitValue(), out);
    }

    @Test
    void awsCliIot() throws Exception {
        assumeTrue(awsCli(), "aws CLI not on PATH");
        assertEquals(
                0,
                aws(SECRET, "iot", "list-things", "--attribute-name", "x", "--attribute-value", "a b/c")
                        .exit());
        assertEquals(
                0,
                aws(
                                SECRET,
                                "iot",
                                "create-thing",
                                "--thing-name",
                                "x:y_z",
                                "--attribute-payload",
                                "{\"attributes\":{\"a\":\"b\"}}")
                        .exit());
        assertEquals(
                0,
                aws(SECRET, "iot", "describe-thing", "--thing-name", "a b~c+d").exit());
        assertAllOk(3, "iot");
        // botocore signs only host;x-amz-date (+content-type on POST): no x-amz-content-sha256
        assertNull(server.seen.get(0).headers().get("x-amz-content-sha256"));

        Cli bad = aws("not-the-secret", "iot", "list-things");
        assertNotEquals(0, bad.exit());
        assertTrue(bad.out().contains("(InvalidSignatureException)"), bad.out());
        assertTrue(bad.out().contains(SigV4Verifier.SIGNATURE_MISMATCH), bad.out());
    }

    @Test
    void awsCliIotData() throws Exception {
        assumeTrue(awsCli(), "aws CLI not on PATH");
        File out = File.createTempFile("shadow", ".json");
        try {
            assertEquals(
                    0,
                    aws(SECRET, "iot-data", "get-thing-shadow", "--thing-name", "t", out.getPath())
                            .exit());
        } finally {
            out.delete();
        }
        assertAllOk(1, "iotdata");
    }

    /**
     * A real CLI request re-signed by AwsV4HttpSigner with the same key, date and only the headers the CLI signed:
     * the SDK adds x-amz-content-sha256 to SignedHeaders, so its signature differs; the verifier accepts the CLI's.
     */
    @Test
    void sdkSignerCannotReproduceCliSignature() throws Exception {
        assumeTrue(awsCli(), "aws CLI not on PATH");
        assertEquals(0, aws(SECRET, "iot", "list-things", "--max-results", "1").exit());
        VerifierHttpServer.Seen cli = server.seen.get(0);
        String cliAuth = cli.headers().get("Authorization").get(0);
        assertTrue(cliAuth.contains("SignedHeaders=host;x-amz-date,"), cliAuth);
        String date = cli.headers().get("X-amz-date").get(0);
        SdkHttpRequest resigned = AwsSigningAgain.resign(
                server.endpoint() + cli.rawPath() + "?" + cli.rawQuery(),
                cli.headers().get("Host").get(0),
                date);
        String sdkAuth = resigned.firstMatchingHeader("Authorization").orElseThrow();
        assertTrue(sdkAuth.contains("SignedHeaders=host;x-amz-content-sha256;x-amz-date,"), sdkAuth);
        assertNotEquals(
                cliAuth.substring(cliAuth.indexOf("Signature=")), sdkAuth.substring(sdkAuth.indexOf("Signature=")));
        assertNotNull(cli.identity());
    }

    /** Re-signing helper kept separate for readability. */
    static final class AwsSigningAgain {
        static SdkHttpRequest resign(String url, String host, String amzDate) {
            Instant at = java.time.LocalDateTime.parse(
                            amzDate, java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'"))
                    .toInstant(ZoneOffset.UTC);
            return SdkSigning.sign(
                    SdkSigning.request(SdkHttpMethod.GET, url, Map.of("Host", List.of(host))),
                    new byte[0],
                    SdkSigning.Opts.iot().at(at));
        }
    }
}

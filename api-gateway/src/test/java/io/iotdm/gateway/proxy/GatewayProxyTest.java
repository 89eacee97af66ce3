package io.iotdm.gateway.proxy;

import static io.iotdm.gateway.proxy.RawHttp.ACCESS_KEY;
import static io.iotdm.gateway.proxy.RawHttp.SECRET;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iotdm.gateway.proxy.RawHttp.Answer;
import io.iotdm.gateway.proxy.RawHttp.Call;
import io.iotdm.service.auth.InternalSignature;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.CreateThingResponse;
import software.amazon.awssdk.services.iot.model.IotException;
import software.amazon.awssdk.services.iot.model.ResourceAlreadyExistsException;
import software.amazon.awssdk.services.iot.model.ServiceUnavailableException;

/**
 * The gateway end to end: real AWS SDK and raw signed HTTP in front, real HTTP servers standing in for the services
 * behind ({@link UpstreamStub}).
 */
@QuarkusTest
@WithTestResource(UpstreamPorts.class)
class GatewayProxyTest {

    private static final Pattern UUID =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
    private static final int MAX_BODY = 131072;

    @TestHTTPResource("/")
    URL gateway;

    @Inject
    UpstreamStub stub;

    @Inject
    Vertx vertx;

    @ConfigProperty(name = "iotdm.internal.secret")
    String internalSecret;

    RawHttp http;
    IotClient iot;

    @BeforeEach
    void setUp() {
        stub.reset();
        http = new RawHttp(vertx, gateway.getPort());
        iot = iot(ACCESS_KEY, SECRET);
    }

    @AfterEach
    void tearDown() {
        iot.close();
        http.close();
    }

    IotClient iot(String accessKey, String secret) {
        return IotClient.builder()
                .endpointOverride(URI.create("http://127.0.0.1:" + gateway.getPort()))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secret)))
                .httpClientBuilder(ApacheHttpClient.builder())
                // one attempt per call, so that the upstream sees exactly what a test sends
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    @Test
    void signedCreateThingReachesItsOwnerAndTheAnswerComesBack() {
        stub.answer((request, body) -> request.response()
                .putHeader("Content-Type", "application/json")
                .putHeader("x-upstream-header", "kept")
                .end("{\"thingName\":\"lamp:1\",\"thingArn\":\"arn:aws:iot:us-east-1:000000000000:thing/lamp:1\","
                        + "\"thingId\":\"4f3d\"}"));

        CreateThingResponse created =
                iot.createThing(r -> r.thingName("lamp:1").attributePayload(a -> a.attributes(Map.of("color", "red"))));

        assertEquals("arn:aws:iot:us-east-1:000000000000:thing/lamp:1", created.thingArn());
        assertEquals("4f3d", created.thingId());
        assertEquals(
                "kept",
                created.sdkHttpResponse()
                        .firstMatchingHeader("x-upstream-header")
                        .orElseThrow());
        String requestId = created.responseMetadata().requestId();
        assertTrue(UUID.matcher(requestId).matches(), requestId);

        UpstreamStub.Received seen = stub.last();
        assertEquals("registry-service", seen.owner());
        assertEquals("POST", seen.method());
        assertEquals("/things/lamp%3A1", seen.uri(), "the raw path, percent-encoding untouched");
        assertEquals("{\"attributePayload\":{\"attributes\":{\"color\":\"red\"}}}", seen.body());
        assertEquals(Integer.toString(seen.body().length()), seen.headers().get("Content-Length"));
        assertEquals("iot", seen.headers().get("x-iotdm-signing-service"));
        assertEquals("CreateThing", seen.headers().get("x-iotdm-operation"));
        assertEquals(ACCESS_KEY, seen.headers().get("x-iotdm-access-key"));
        assertEquals(requestId, seen.headers().get("x-amzn-RequestId"));
        assertNull(seen.headers().get("Authorization"), "the signature stays at the gateway");
        assertSignedByTheGateway(seen);
        assertNotNull(seen.headers().get("X-Amz-Date"), "end-to-end headers pass");
        assertTrue(seen.headers().get("User-Agent").contains("aws-sdk-java"));
        assertTrue(seen.headers().get("Host").startsWith("127.0.0.1:"));
        assertNotEquals("127.0.0.1:" + gateway.getPort(), seen.headers().get("Host"), "Host names the upstream");
    }

    @Test
    void anErrorOfTheUpstreamReachesTheSdkAsItsException() {
        stub.answer(
                (request, body) -> request.response()
                        .setStatusCode(409)
                        .putHeader("Content-Type", "application/json")
                        .putHeader("x-amzn-ErrorType", "ResourceAlreadyExistsException")
                        .end(
                                "{\"message\":\"Thing lamp-1 already exists with different attributes\","
                                        + "\"resourceId\":\"lamp-1\",\"resourceArn\":\"arn:aws:iot:us-east-1:000000000000:thing/lamp-1\"}"));

        ResourceAlreadyExistsException e =
                assertThrows(ResourceAlreadyExistsException.class, () -> iot.createThing(r -> r.thingName("lamp-1")));

        assertEquals(409, e.statusCode());
        assertEquals(
                "Thing lamp-1 already exists with different attributes",
                e.awsErrorDetails().errorMessage());
        assertEquals("lamp-1", e.resourceId());
        assertEquals(stub.last().headers().get("x-amzn-RequestId"), e.requestId());
    }

    @Test
    void aWrongSecretIsRefusedWith403() {
        try (IotClient wrong = iot(ACCESS_KEY, "not-the-secret")) {
            IotException e = assertThrows(IotException.class, () -> wrong.listThings(r -> {}));
            assertEquals(403, e.statusCode());
            assertEquals("InvalidSignatureException", e.awsErrorDetails().errorCode());
            assertTrue(e.awsErrorDetails().errorMessage().startsWith("The request signature we calculated"));
            assertTrue(UUID.matcher(e.requestId()).matches(), e.requestId());
        }
        try (IotClient unknown = iot("AKIAUNKNOWN000000000", SECRET)) {
            IotException e = assertThrows(IotException.class, () -> unknown.listThings(r -> {}));
            assertEquals(403, e.statusCode());
            assertEquals("UnrecognizedClientException", e.awsErrorDetails().errorCode());
        }
        assertTrue(stub.received.isEmpty());
    }

    @Test
    void aRequestWithoutSignatureIsRefusedWith403() throws Exception {
        Answer answer = http.send(Call.of("GET", "/things"));

        assertEquals(403, answer.status());
        assertEquals("MissingAuthenticationTokenException", answer.header("x-amzn-ErrorType"));
        assertEquals(
                "{\"message\":\"Missing Authentication Token\"}",
                answer.text(),
                answer.headers().toString());
        assertRequestId(answer);
        assertNotNull(answer.header("Date"), "SDKs correct clock skew from it");
        assertTrue(stub.received.isEmpty());
    }

    @Test
    void anUnknownPathIs404NotFound() throws Exception {
        Answer answer = http.send(Call.of("GET", "/no/such/operation").signedFor("iot"));

        assertEquals(404, answer.status());
        assertEquals("ResourceNotFoundException", answer.header("x-amzn-ErrorType"));
        assertEquals("{\"message\":\"Not Found\"}", answer.text());
        assertRequestId(answer);

        Answer otherService = http.send(Call.of("GET", "/things").signedFor("s3"));
        assertEquals(404, otherService.status(), "a signing name without a model has no operations");
    }

    @Test
    void aBodyOverTheLimitIs413WhetherAnnouncedOrStreamed() throws Exception {
        byte[] tooLarge = new byte[MAX_BODY + 1];
        for (Call call : new Call[] {
            Call.of("POST", "/topics/sensors").body(tooLarge).signedFor("iotdata"),
            Call.of("POST", "/topics/sensors")
                    .body(tooLarge)
                    .signedFor("iotdata")
                    .chunked(),
            Call.of("POST", "/topics/sensors")
                    .body(new byte[512 * 1024])
                    .signedFor("iotdata")
                    .chunked()
        }) {
            Answer answer = http.send(call);
            assertEquals(413, answer.status());
            assertEquals("RequestEntityTooLargeException", answer.header("x-amzn-ErrorType"));
            assertEquals("{\"message\":\"The request body exceeds the maximum size of 131072 bytes\"}", answer.text());
            assertRequestId(answer);
        }
        assertTrue(stub.received.isEmpty());

        // the connection that refused a body still serves the next request
        assertEquals(200, http.send(Call.of("GET", "/things").signedFor("iot")).status());
    }

    @Test
    void aBodyAnnouncedFarBeyondTheLimitIsRefusedBeforeItIsSentAndTheConnectionClosed() throws Exception {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), gateway.getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream()
                    .write(("POST /topics/sensors HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                    + RawHttp.unverifiedSignatureHeaders(ACCESS_KEY)
                                    + "Content-Length: 1073741824\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            // readAllBytes returns only once the gateway closes the connection
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

            assertTrue(answer.startsWith("HTTP/1.1 413 "), answer);
            assertTrue(answer.contains("x-amzn-ErrorType: RequestEntityTooLargeException\r\n"), answer);
            assertTrue(answer.toLowerCase(Locale.ROOT).contains("connection: close\r\n"), answer);
            assertTrue(UUID.matcher(answer).find(), answer);
        }
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            textBlock =
                    """
            no signature      | MissingAuthenticationTokenException
            an unknown key    | UnrecognizedClientException
            """)
    void aCallerThatIsNotOursIsRefusedBeforeItsBodyIsReadAndTheConnectionClosed(String who, String errorType)
            throws Exception {
        String signature = who.equals("no signature") ? "" : RawHttp.unverifiedSignatureHeaders("AKIAUNKNOWN000000000");
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), gateway.getPort())) {
            socket.setSoTimeout(10_000);
            // a body within the limit, announced and never sent: the answer must not wait for it
            socket.getOutputStream()
                    .write(("POST /topics/sensors HTTP/1.1\r\nHost: 127.0.0.1\r\n" + signature
                                    + "Content-Length: 100000\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

            assertTrue(answer.startsWith("HTTP/1.1 403 "), answer);
            assertTrue(answer.contains("x-amzn-ErrorType: " + errorType + "\r\n"), answer);
            assertTrue(answer.toLowerCase(Locale.ROOT).contains("connection: close\r\n"), answer);
        }
        assertThrows(AssertionError.class, stub::last, "nothing reached a service");
    }

    @ParameterizedTest
    @CsvSource({"/things/bad%zz", "/things/cut%4", "/things?nextToken=%zz"})
    void aMalformedEscapeIsRefusedWith400ByTheHttpLayer(String target) throws Exception {
        // the HTTP layer (Netty, Vert.x) refuses the request line and answers 400 and closes the connection before
        // any route runs, so this 400 is not AWS-shaped (no hook for it in Quarkus); no SDK sends such a URI.
        assertTrue(rawGet(target).startsWith("HTTP/1.1 400 "));
    }

    @ParameterizedTest
    @CsvSource({"/things/notutf8%C3%28", "/things?x=%E2%82"})
    void escapesThatAreNotUtf8AreAnAwsError(String target) throws Exception {
        String answer = rawGet(target);

        // the signature of such a URI cannot be right (no SDK makes one); signed, the operation table refuses it
        // with 400 InvalidRequestException (OperationTableTest)
        assertTrue(answer.startsWith("HTTP/1.1 403 "), answer);
        assertTrue(answer.contains("x-amzn-ErrorType: InvalidSignatureException\r\n"), answer);
        assertTrue(answer.endsWith("\"}"), answer);
    }

    private String rawGet(String target) throws Exception {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), gateway.getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream()
                    .write(("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                    + RawHttp.unverifiedSignatureHeaders(ACCESS_KEY) + "Connection: close\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void aPlusAndASpaceReachTheServiceAsTheSdkEncodedThemAndTheSignatureHolds() {
        stub.answer((request, body) ->
                request.response().putHeader("Content-Type", "application/json").end("{\"things\":[]}"));

        iot.listThings(r -> r.attributeName("a+b c").attributeValue("1+1 2"));
        assertEquals(
                "/things?attributeName=a%2Bb%20c&attributeValue=1%2B1%202",
                stub.last().uri());

        stub.answer((request, body) ->
                request.response().putHeader("Content-Type", "application/json").end("{\"thingName\":\"a+b c\"}"));
        iot.describeThing(r -> r.thingName("a+b c"));
        assertEquals("/things/a%2Bb%20c", stub.last().uri());
    }

    @Test
    void aBodyThatTricklesIsCutOffWith408AndTheConnectionClosed() throws Exception {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), gateway.getPort())) {
            socket.setSoTimeout(30_000);
            // the test profile allows 1 s for the body; 10 of the 100 announced bytes come, then nothing
            socket.getOutputStream()
                    .write(("POST /topics/sensors HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                    + RawHttp.unverifiedSignatureHeaders(ACCESS_KEY)
                                    + "Content-Length: 100\r\n\r\n0123456789")
                            .getBytes(StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

            assertTrue(answer.startsWith("HTTP/1.1 408 "), answer);
            assertTrue(answer.contains("x-amzn-ErrorType: RequestTimeoutException\r\n"), answer);
            assertTrue(answer.toLowerCase(Locale.ROOT).contains("connection: close\r\n"), answer);
            assertTrue(
                    answer.endsWith("{\"message\":\"The request body was not received within the time allowed; "
                            + "the connection is closed\"}"),
                    answer);
        }
        assertThrows(AssertionError.class, stub::last, "nothing reached a service");
    }

    @Test
    void aBodyOfExactlyTheLimitIsForwarded() throws Exception {
        byte[] payload = new byte[MAX_BODY];
        Arrays.fill(payload, (byte) 'x');
        Answer answer = http.send(
                Call.of("POST", "/topics/sensors%2Flamp-1?qos=1").body(payload).signedFor("iotdata"));

        assertEquals(200, answer.status());
        UpstreamStub.Received seen = stub.last();
        assertEquals("registry-service", seen.owner());
        assertEquals("/topics/sensors%2Flamp-1?qos=1", seen.uri());
        assertEquals("Publish", seen.headers().get("x-iotdm-operation"));
        assertEquals("iotdata", seen.headers().get("x-iotdm-signing-service"));
        assertArrayEquals(payload, seen.body().getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void anOperationWhoseOwnerIsNotDeployedNamesTheMissingService() {
        ServiceUnavailableException e = assertThrows(
                ServiceUnavailableException.class, () -> iot.createThingGroup(r -> r.thingGroupName("floor-1")));

        assertEquals(503, e.statusCode());
        assertEquals(
                "CreateThingGroup is served by group-service, which is not deployed on this endpoint",
                e.awsErrorDetails().errorMessage());
        assertTrue(UUID.matcher(e.requestId()).matches(), e.requestId());
    }

    @Test
    void anOperationOutsideIotdmIs501() {
        IotException e = assertThrows(IotException.class, () -> iot.listBillingGroups(r -> {}));

        assertEquals(501, e.statusCode());
        assertEquals("NotImplementedException", e.awsErrorDetails().errorCode());
        assertEquals(
                "ListBillingGroups (iot) is not implemented by iotdm",
                e.awsErrorDetails().errorMessage());
    }

    @Test
    void anUpstreamThatIsDownIs503() {
        ServiceUnavailableException e = assertThrows(ServiceUnavailableException.class, () -> iot.listPolicies());

        assertEquals(503, e.statusCode());
        assertEquals(
                "ListPolicies is served by provisioning-service, which is not reachable right now",
                e.awsErrorDetails().errorMessage());
        assertNotNull(e.requestId());
    }

    @Test
    void anUpstreamThatDoesNotAnswerIs503() {
        stub.answer((request, body) -> {}); // never answers; the test profile waits 2 s

        ServiceUnavailableException e =
                assertThrows(ServiceUnavailableException.class, () -> iot.describeThing(r -> r.thingName("slow")));

        assertEquals(
                "DescribeThing is served by registry-service, which is not reachable right now",
                e.awsErrorDetails().errorMessage());
    }

    @Test
    void theSigningNameDecidesBetweenOperationsThatSharePath() throws Exception {
        http.send(Call.of("GET", "/things/lamp-1/jobs").signedFor("iot-jobs-data"));
        UpstreamStub.Received device = stub.last();
        assertEquals("jobs-service", device.owner());
        assertEquals("GetPendingJobExecutions", device.headers().get("x-iotdm-operation"));
        assertEquals("iot-jobs-data", device.headers().get("x-iotdm-signing-service"));

        http.send(Call.of("GET", "/things/lamp-1/jobs?maxResults=5").signedFor("iot"));
        UpstreamStub.Received control = stub.last();
        assertEquals("jobs-service", control.owner());
        assertEquals("ListJobExecutionsForThing", control.headers().get("x-iotdm-operation"));
        assertEquals("iot", control.headers().get("x-iotdm-signing-service"));
        assertEquals("/things/lamp-1/jobs?maxResults=5", control.uri(), "jobs-service's URL ends in '/'");
    }

    @Test
    void hopByHopAndForgedGatewayHeadersDoNotPass() throws Exception {
        stub.answer((request, body) -> request.response()
                .putHeader("Connection", "x-upstream-hop")
                .putHeader("x-upstream-hop", "1")
                .putHeader("Keep-Alive", "timeout=5")
                .putHeader("x-amzn-RequestId", "upstream-made-this-up")
                .end("{}"));

        Answer answer = http.send(Call.of("GET", "/things?attributeName=color&attributeValue=dark%20red")
                .header("x-iotdm-access-key", "AKIAFORGED")
                .header("X-Iotdm-Operation", "DeleteThing")
                .header("x-amzn-RequestId", "client-made-this-up")
                .header("x-iotdm-signature", "forged")
                .header("x-iotdm-caller", "registry-service")
                .header("Connection", "keep-alive, x-client-hop")
                .header("x-client-hop", "1")
                .header("x-end-to-end", "2")
                .signedFor("iot"));

        assertEquals(200, answer.status());
        UpstreamStub.Received seen = stub.last();
        assertEquals(answer.sent(), seen.uri(), "the raw query, as sent");
        assertTrue(seen.uri().contains("attributeValue=dark%20red"), seen.uri());
        assertEquals(java.util.List.of(ACCESS_KEY), seen.headers().getAll("x-iotdm-access-key"));
        assertEquals(java.util.List.of("ListThings"), seen.headers().getAll("x-iotdm-operation"));
        assertEquals(answer.header("x-amzn-RequestId"), seen.headers().get("x-amzn-RequestId"));
        assertEquals(java.util.List.of("api-gateway"), seen.headers().getAll("x-iotdm-caller"));
        assertSignedByTheGateway(seen);
        assertNull(seen.headers().get("x-client-hop"));
        assertEquals("2", seen.headers().get("x-end-to-end"));

        assertRequestId(answer);
        assertNull(answer.header("x-upstream-hop"));
        assertNull(answer.header("Keep-Alive"));
    }

    @Test
    void aPresignedRequestPassesWithItsQueryUntouched() throws Exception {
        Answer answer =
                http.send(Call.of("GET", "/things/lamp-1").signedFor("iot").presigned());

        assertEquals(200, answer.status());
        UpstreamStub.Received seen = stub.last();
        assertEquals("DescribeThing", seen.headers().get("x-iotdm-operation"));
        assertTrue(seen.uri().startsWith("/things/lamp-1?"));
        assertTrue(seen.uri().contains("X-Amz-Signature="), "the upstream gets the request target as sent");
    }

    @Test
    void aLargeAnswerIsStreamedBack() throws Exception {
        byte[] chunk = new byte[64 * 1024];
        Arrays.fill(chunk, (byte) 'a');
        stub.answer((request, body) -> {
            var response = request.response().setChunked(true);
            for (int i = 0; i < 32; i++) {
                response.write(Buffer.buffer(chunk));
            }
            response.end();
        });

        Answer answer = http.send(Call.of("GET", "/things/lamp-1").signedFor("iot"));

        assertEquals(200, answer.status());
        assertEquals(32 * chunk.length, answer.body().length());
        assertEquals("chunked", answer.header("Transfer-Encoding"));
        assertRequestId(answer);
    }

    @Test
    void healthIsNotBehindSigV4() throws Exception {
        Answer health = http.send(Call.of("GET", "/q/health"));
        assertEquals(200, health.status());
        assertTrue(health.text().contains("\"UP\""), health.text());
        assertEquals(200, http.send(Call.of("GET", "/q/health/live")).status());
        assertTrue(stub.received.isEmpty());
    }

    @Test
    void everyAnswerHasItsOwnRequestId() throws Exception {
        Answer first = http.send(Call.of("GET", "/things").signedFor("iot"));
        Answer second = http.send(Call.of("GET", "/things").signedFor("iot"));
        Answer refused = http.send(Call.of("GET", "/things"));

        assertRequestId(first);
        assertRequestId(second);
        assertRequestId(refused);
        assertNotEquals(first.header("x-amzn-RequestId"), second.header("x-amzn-RequestId"));
        assertFalse(refused.header("x-amzn-RequestId").equals(second.header("x-amzn-RequestId")));
    }

    /** What every service checks before it reads a request: the gateway's signature of the identity it forwards. */
    private void assertSignedByTheGateway(UpstreamStub.Received seen) {
        InternalSignature service =
                new InternalSignature(internalSecret, "registry-service", Duration.ofSeconds(60), Clock.systemUTC());
        assertEquals(
                java.util.Optional.empty(),
                service.verify(
                        seen.headers()::get,
                        InternalSignature.httpParts(seen.method(), seen.uri(), seen.headers()::get)));
        assertEquals("api-gateway", seen.headers().get("x-iotdm-caller"));
    }

    private static void assertRequestId(Answer answer) {
        String requestId = answer.header("x-amzn-RequestId");
        assertNotNull(requestId, "x-amzn-RequestId");
        assertTrue(UUID.matcher(requestId).matches(), requestId);
        assertEquals(1, answer.headers().getAll("x-amzn-RequestId").size());
    }
}

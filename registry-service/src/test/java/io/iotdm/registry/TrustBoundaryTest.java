package io.iotdm.registry;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.iotdm.grpc.registry.v1.RegistryGrpc;
import io.iotdm.grpc.registry.v1.StreamThingsRequest;
import io.iotdm.grpc.service.InternalCallCredentials;
import io.iotdm.service.auth.InternalSignature;
import io.iotdm.testing.InternalTestCalls;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Only the api-gateway and peer services may call a service: an HTTP request or a gRPC call without the internal
 * signature, with a tampered one, one made under another secret or outside the clock skew is refused and changes
 * nothing. The boundary is the shared route's and the shared gRPC interceptor's, so the registry tests it for all.
 */
@QuarkusTest
@RegistryTestResource
class TrustBoundaryTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TestHTTPResource
    URL http;

    @AfterAll
    static void close() {
        HTTP.close();
    }

    @Test
    void anUnsignedDeleteIsRefusedWith403AndTheThingStays() throws Exception {
        String name = createThing();

        HttpResponse<String> refused = send("DELETE", "/things/" + name, Map.of());

        assertAccessDenied(
                refused,
                "the call carries no internal signature (x-iotdm-caller, x-iotdm-timestamp,"
                        + " x-iotdm-signature): only the api-gateway and iotdm services may call this service");
        given().get("/things/" + name).then().statusCode(200).body("thingName", equalTo(name));
    }

    @Test
    void anUnsignedBodyIsNotReadBeforeTheRefusal() throws Exception {
        String name = "trust-" + UUID.randomUUID();

        HttpResponse<String> refused = send("POST", "/things/" + name, Map.of(), "not json");

        assertThat(refused.statusCode()).isEqualTo(403); // a read body would be a SerializationException
        given().get("/things/" + name).then().statusCode(404);
    }

    @Test
    void aSignatureOfAnotherRequestOrIdentityIsRefused() throws Exception {
        String name = createThing();
        InternalSignature peer = InternalTestCalls.signature();
        Map<String, String> identity = Map.of("x-iotdm-signing-service", "iot", "x-iotdm-operation", "DeleteThing");

        Map<String, String> forOtherThing =
                peer.sign(InternalSignature.httpParts("DELETE", "/things/" + name + "-other", identity::get));
        assertAccessDenied(
                send("DELETE", "/things/" + name, merge(identity, forOtherThing)),
                "the internal signature of test does not match the call");

        Map<String, String> signed = peer.sign(InternalSignature.httpParts("DELETE", "/things/" + name, identity::get));
        Map<String, String> otherKey = merge(identity, signed);
        otherKey.put("x-iotdm-access-key", "AKIAFORGED");
        assertAccessDenied(
                send("DELETE", "/things/" + name, otherKey), "the internal signature of test does not match the call");

        given().get("/things/" + name).then().statusCode(200);
        assertThat(send("DELETE", "/things/" + name, merge(identity, signed)).statusCode())
                .as("the same signature, untouched, is the gateway's")
                .isEqualTo(200);
    }

    @Test
    void aStaleOrForeignSignatureIsRefused() throws Exception {
        String name = createThing();
        Function<String, String> none = header -> null;
        InternalSignature stale = new InternalSignature(
                InternalTestCalls.secret(),
                "test",
                Duration.ofSeconds(60),
                Clock.fixed(Instant.now().minus(Duration.ofMinutes(10)), ZoneOffset.UTC));
        HttpResponse<String> old = send(
                "DELETE",
                "/things/" + name,
                stale.sign(InternalSignature.httpParts("DELETE", "/things/" + name, none)));
        assertThat(old.statusCode()).isEqualTo(403);
        assertThat(old.body()).contains("than the 60000 ms allowed");

        InternalSignature foreign = new InternalSignature(
                "another-deployment-" + UUID.randomUUID(), "test", Duration.ofSeconds(60), Clock.systemUTC());
        assertAccessDenied(
                send(
                        "DELETE",
                        "/things/" + name,
                        foreign.sign(InternalSignature.httpParts("DELETE", "/things/" + name, none))),
                "the internal signature of test does not match the call");

        given().get("/things/" + name).then().statusCode(200);
    }

    @Test
    void healthStaysOpenForProbes() throws Exception {
        assertThat(send("GET", "/q/health/ready", Map.of()).statusCode()).isEqualTo(200);
    }

    @Test
    void anUnsignedOrForeignGrpcStreamIsRefused() throws Exception {
        createThing();
        ManagedChannel unsigned = NettyChannelBuilder.forAddress(http.getHost(), http.getPort())
                .usePlaintext()
                .build();
        ManagedChannel foreign = NettyChannelBuilder.forAddress(http.getHost(), http.getPort())
                .usePlaintext()
                .intercept(new InternalCallCredentials(new InternalSignature(
                        "another-deployment-" + UUID.randomUUID(), "test", Duration.ofSeconds(60), Clock.systemUTC())))
                .build();
        try {
            assertThatThrownBy(() -> RegistryGrpc.newBlockingStub(unsigned)
                            .streamThings(StreamThingsRequest.getDefaultInstance())
                            .hasNext())
                    .isInstanceOfSatisfying(
                            StatusRuntimeException.class,
                            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
            assertThatThrownBy(() -> RegistryGrpc.newBlockingStub(foreign)
                            .streamThings(StreamThingsRequest.getDefaultInstance())
                            .hasNext())
                    .isInstanceOfSatisfying(
                            StatusRuntimeException.class,
                            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED));
        } finally {
            unsigned.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            foreign.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private static String createThing() {
        String name = "trust-" + UUID.randomUUID();
        given().contentType(ContentType.JSON)
                .body("{}")
                .post("/things/" + name)
                .then()
                .statusCode(200);
        return name;
    }

    private static Map<String, String> merge(Map<String, String> first, Map<String, String> second) {
        Map<String, String> all = new java.util.HashMap<>(first);
        all.putAll(second);
        return all;
    }

    private HttpResponse<String> send(String method, String target, Map<String, String> headers)
            throws IOException, InterruptedException {
        return send(method, target, headers, "");
    }

    private HttpResponse<String> send(String method, String target, Map<String, String> headers, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("http://" + http.getHost() + ":" + http.getPort() + target))
                .method(
                        method,
                        body.isEmpty()
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertAccessDenied(HttpResponse<String> answer, String message) {
        assertThat(answer.statusCode()).isEqualTo(403);
        assertThat(answer.headers().firstValue("x-amzn-ErrorType")).hasValue("AccessDeniedException");
        assertThat(answer.body()).isEqualTo("{\"message\":\"" + message + "\"}");
    }
}

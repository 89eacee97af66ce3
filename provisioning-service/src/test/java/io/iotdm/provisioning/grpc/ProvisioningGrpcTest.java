package io.iotdm.provisioning.grpc;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.iotdm.grpc.provisioning.v1.ProvisioningGrpc;
import io.iotdm.grpc.provisioning.v1.ThingHasPrincipalsRequest;
import io.iotdm.provisioning.ProvisioningTestResource;
import io.iotdm.provisioning.StoredCertificates;
import io.iotdm.provisioning.TestPeers;
import io.iotdm.testing.InternalTestCalls;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.hibernate.reactive.mutiny.Mutiny;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Provisioning gRPC contract, called by a real gRPC client over plaintext HTTP/2 on the service's HTTP port, signed
 * as a peer service signs; the attachments made through the AWS REST API.
 */
@QuarkusTest
@ProvisioningTestResource
class ProvisioningGrpcTest {

    @TestHTTPResource
    URL http;

    @Inject
    Mutiny.SessionFactory sessions;

    @Inject
    TestPeers peers;

    private ManagedChannel channel;
    private ProvisioningGrpc.ProvisioningBlockingStub provisioning;

    @BeforeEach
    void connect() {
        channel = InternalTestCalls.channel(http);
        provisioning = ProvisioningGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
    }

    @AfterEach
    void disconnect() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    @Test
    void thingHasPrincipalsWhileACertificateIsAttached() {
        String certificate = StoredCertificates.arn(StoredCertificates.insert(sessions));
        String thing = thing();
        String other = thing();
        assertThat(hasPrincipals(thing)).isFalse();

        attachment(thing, certificate, "PUT");
        assertThat(hasPrincipals(thing)).isTrue();
        assertThat(hasPrincipals(other)).isFalse();
        assertThat(hasPrincipals("never-" + UUID.randomUUID())).isFalse();

        attachment(thing, certificate, "DELETE");
        assertThat(hasPrincipals(thing)).isFalse();
    }

    @Test
    void aCallWithoutAThingNameIsInvalid() {
        assertThatThrownBy(() -> provisioning.thingHasPrincipals(ThingHasPrincipalsRequest.getDefaultInstance()))
                .isInstanceOf(StatusRuntimeException.class)
                .extracting(failure ->
                        ((StatusRuntimeException) failure).getStatus().getCode())
                .isEqualTo(Status.Code.INVALID_ARGUMENT);
    }

    @Test
    void anUnsignedCallIsRefused() throws InterruptedException {
        ManagedChannel unsigned = NettyChannelBuilder.forAddress(http.getHost(), http.getPort())
                .usePlaintext()
                .build();
        try {
            assertThatThrownBy(() -> ProvisioningGrpc.newBlockingStub(unsigned)
                            .withDeadlineAfter(30, TimeUnit.SECONDS)
                            .thingHasPrincipals(ThingHasPrincipalsRequest.newBuilder()
                                    .setThingName("any")
                                    .build()))
                    .isInstanceOf(StatusRuntimeException.class)
                    .extracting(failure ->
                            ((StatusRuntimeException) failure).getStatus().getCode())
                    .isEqualTo(Status.Code.UNAUTHENTICATED);
        } finally {
            unsigned.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private boolean hasPrincipals(String thing) {
        return provisioning
                .thingHasPrincipals(ThingHasPrincipalsRequest.newBuilder()
                        .setThingName(thing)
                        .build())
                .getHasPrincipals();
    }

    private String thing() {
        String name = "thing-" + UUID.randomUUID().toString().substring(0, 8);
        peers.thing(name);
        return name;
    }

    /** AttachThingPrincipal (PUT) or DetachThingPrincipal (DELETE) over the AWS REST API. */
    private static void attachment(String thing, String principal, String method) {
        given().header("x-amzn-principal", principal)
                .request(method, "/things/" + thing + "/principals")
                .then()
                .statusCode(200);
    }
}

package io.iotdm.provisioning.grpc;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.json.JsonMapper;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.iotdm.grpc.provisioning.v1.DescribeClientCertificateRequest;
import io.iotdm.grpc.provisioning.v1.DescribeClientCertificateResponse;
import io.iotdm.grpc.provisioning.v1.PolicyDocument;
import io.iotdm.grpc.provisioning.v1.ProvisioningGrpc;
import io.iotdm.grpc.provisioning.v1.ThingHasPrincipalsRequest;
import io.iotdm.provisioning.ProvisioningTestResource;
import io.iotdm.provisioning.StoredCertificates;
import io.iotdm.provisioning.TestPeers;
import io.iotdm.provisioning.provisioningtemplate.ProvisioningTemplates;
import io.iotdm.testing.InternalTestCalls;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.net.URL;
import java.util.Map;
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

    private static final String CONNECT_ANYWHERE =
            """
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iot:Connect","Resource":"*"}]}""";

    @Test
    void describeClientCertificateNamesItsThingsAndThePoliciesInForce() {
        String certificateId = StoredCertificates.insert(sessions);
        String certificate = StoredCertificates.arn(certificateId);
        String root = "root-" + UUID.randomUUID().toString().substring(0, 8);
        String leaf = "leaf-" + UUID.randomUUID().toString().substring(0, 8);
        peers.group(root, null);
        peers.group(leaf, root);
        String onCertificate = policy(certificate);
        String onRoot = policy(TestPeers.groupArn(root));
        String onLeaf = policy(TestPeers.groupArn(leaf));
        String thing = "thing-" + UUID.randomUUID().toString().substring(0, 8);
        peers.thing(thing, "lamp", Map.of("site", "north"));
        peers.member(thing, leaf);
        attachment(thing, certificate, "PUT");

        DescribeClientCertificateResponse asThing = describe(certificateId.toUpperCase(), thing);
        assertThat(asThing.getFound()).isTrue();
        assertThat(asThing.getCertificateArn()).isEqualTo(certificate);
        assertThat(asThing.getStatus()).isEqualTo("ACTIVE");
        assertThat(asThing.getCaCertificateId()).isEmpty();
        assertThat(asThing.getCaStatus()).isEmpty();
        assertThat(asThing.getNotAfterEpochMillis()).isGreaterThan(asThing.getNotBeforeEpochMillis());
        assertThat(asThing.getThingNamesList()).containsExactly(thing);
        assertThat(asThing.getPoliciesList())
                .extracting(PolicyDocument::getPolicyName)
                .containsExactlyInAnyOrder(onCertificate, onRoot, onLeaf);
        assertThat(asThing.getPolicies(0).getDocument()).contains("iot:Connect");
        assertThat(asThing.getPolicies(0).getVersionId()).isEqualTo(1);
        // the values of the iot:Connection.Thing.* policy variables (docs/aws-behaviour.md §9.2)
        assertThat(asThing.getConnectionThing().getThingName()).isEqualTo(thing);
        assertThat(asThing.getConnectionThing().getThingTypeName()).isEqualTo("lamp");
        assertThat(asThing.getConnectionThing().getAttributesMap()).containsExactly(Map.entry("site", "north"));

        // a client id that is not one of the certificate's things gets the certificate's own policies only, and no
        // thing
        assertThat(describe(certificateId, "someone-else").hasConnectionThing()).isFalse();
        assertThat(describe(certificateId, "someone-else").getPoliciesList())
                .extracting(PolicyDocument::getPolicyName)
                .containsExactly(onCertificate);
        assertThat(describe(certificateId, "").getPoliciesList())
                .extracting(PolicyDocument::getPolicyName)
                .containsExactly(onCertificate);
    }

    @Test
    void describeClientCertificateOfAnUnknownCertificateIsNotFound() {
        assertThat(describe("0".repeat(64), "any").getFound()).isFalse();
        assertThatThrownBy(() -> describe("not-hex", "any"))
                .isInstanceOf(StatusRuntimeException.class)
                .extracting(failure ->
                        ((StatusRuntimeException) failure).getStatus().getCode())
                .isEqualTo(Status.Code.INVALID_ARGUMENT);
    }

    @Test
    void aProvisioningClaimIsActiveUntilItExpiresAndHeldToItsTemplatesFleetProvisioningTopics() {
        String template = ProvisioningTemplates.unique("fleet");
        ProvisioningTemplates.create(ProvisioningTemplates.request(template, ProvisioningTemplates.FLEET_BODY)
                        .put("enabled", true))
                .statusCode(200);
        var claim = given().post("/provisioning-templates/" + template + "/provisioning-claim")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();

        DescribeClientCertificateResponse described = describe(claim.getString("certificateId"), "any-device");

        assertThat(described.getFound()).isTrue();
        assertThat(described.getStatus()).isEqualTo("ACTIVE");
        assertThat(described.getNotAfterEpochMillis())
                .isEqualTo(new BigDecimal(claim.getString("expiration"))
                        .movePointRight(3)
                        .longValueExact());
        assertThat(described.getThingNamesList()).isEmpty();
        assertThat(described.getPoliciesList())
                .extracting(PolicyDocument::getPolicyName)
                .containsExactly("iotdm-provisioning-claim-" + template);
        String prefix = "arn:aws:iot:us-east-1:123456789012:";
        assertThat(described.getPolicies(0).getDocument())
                .isEqualTo(
                        """
                        {"Version":"2012-10-17","Statement":[\
                        {"Effect":"Allow","Action":"iot:Connect","Resource":"*"},\
                        {"Effect":"Allow","Action":["iot:Publish","iot:Receive"],"Resource":[\
                        "%1$stopic/$aws/certificates/create/*","%1$stopic/$aws/certificates/create-from-csr/*",\
                        "%1$stopic/$aws/provisioning-templates/%2$s/provision/*"]},\
                        {"Effect":"Allow","Action":"iot:Subscribe","Resource":[\
                        "%1$stopicfilter/$aws/certificates/create/*","%1$stopicfilter/$aws/certificates/create-from-csr/*",\
                        "%1$stopicfilter/$aws/provisioning-templates/%2$s/provision/*"]}]}"""
                                .formatted(prefix, template));
    }

    private DescribeClientCertificateResponse describe(String certificateId, String clientId) {
        return provisioning.describeClientCertificate(DescribeClientCertificateRequest.newBuilder()
                .setCertificateId(certificateId)
                .setClientId(clientId)
                .build());
    }

    /** CreatePolicy and AttachPolicy to {@code target} over the AWS REST API; @return the policy's name */
    private static String policy(String target) {
        String name = "policy-" + UUID.randomUUID().toString().substring(0, 8);
        given().contentType(ContentType.JSON)
                .body(JsonMapper.builder()
                        .build()
                        .createObjectNode()
                        .put("policyDocument", CONNECT_ANYWHERE)
                        .toString())
                .post("/policies/" + name)
                .then()
                .statusCode(200);
        given().contentType(ContentType.JSON)
                .body("{\"target\":\"" + target + "\"}")
                .put("/target-policies/" + name)
                .then()
                .statusCode(200);
        return name;
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

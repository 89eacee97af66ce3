package io.iotdm.provisioning.justintime;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.iotdm.events.CertificateEvents;
import io.iotdm.events.Event;
import io.iotdm.grpc.provisioning.v1.DescribeClientCertificateRequest;
import io.iotdm.grpc.provisioning.v1.DescribeClientCertificateResponse;
import io.iotdm.grpc.provisioning.v1.PolicyDocument;
import io.iotdm.grpc.provisioning.v1.ProvisioningGrpc;
import io.iotdm.provisioning.ProvisioningTestResource;
import io.iotdm.provisioning.TestPeers;
import io.iotdm.provisioning.TestPki;
import io.iotdm.provisioning.provisioningtemplate.ProvisioningTemplates;
import io.iotdm.testing.InternalTestCalls;
import io.iotdm.testing.KafkaTopicReader;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.net.URL;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * JITR and JITP through DescribeClientCertificate, as the device gateway asks at CONNECT (docs/aws-behaviour.md §6.3):
 * a real gRPC client, CAs registered and certificates activated through the AWS REST API, the registered event read
 * from Kafka after the outbox relayed it, the thing from the registry's test double.
 */
@QuarkusTest
@ProvisioningTestResource
class JustInTimeRegistrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** AWS's JITP example, short: the thing named by the subject's CN, a policy document, the certificate ACTIVE. */
    private static final String JITP_TEMPLATE =
            """
            {"Parameters": {"AWS::IoT::Certificate::CommonName": {"Type": "String"},
                            "AWS::IoT::Certificate::Id": {"Type": "String"}},
             "Resources": {
               "thing": {"Type": "AWS::IoT::Thing",
                 "Properties": {"ThingName": {"Ref": "AWS::IoT::Certificate::CommonName"},
                                "AttributePayload": {"organization": {"Ref": "AWS::IoT::Certificate::Organization"}}}},
               "certificate": {"Type": "AWS::IoT::Certificate",
                 "Properties": {"CertificateId": {"Ref": "AWS::IoT::Certificate::Id"}, "Status": "ACTIVE"}},
               "policy": {"Type": "AWS::IoT::Policy",
                 "Properties": {"PolicyDocument": "{\\"Version\\":\\"2012-10-17\\",\\"Statement\\":[{\\"Effect\\":\\"Allow\\",\\"Action\\":\\"iot:Connect\\",\\"Resource\\":\\"*\\"}]}"}}}}""";

    @TestHTTPResource
    URL http;

    @Inject
    TestPeers peers;

    private ManagedChannel channel;
    private ProvisioningGrpc.ProvisioningBlockingStub provisioning;
    private ProvisioningGrpc.ProvisioningFutureStub concurrent;

    @BeforeEach
    void connect() {
        channel = InternalTestCalls.channel(http);
        provisioning = ProvisioningGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
        concurrent = ProvisioningGrpc.newFutureStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
    }

    @AfterEach
    void disconnect() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    @Test
    void jitrRegistersTheCertificatePendingAndPublishesTheRegisteredEventOnEachPresentation() throws Exception {
        TestPki.Ca ca = TestPki.Ca.create("jitr");
        String caId = registerCa(ca, "setAsActive=true&allowAutoRegistration=true", null);
        String device = ca.device(unique("device"));
        String id = TestPki.certificateId(device);

        DescribeClientCertificateResponse first = present(device);
        assertThat(first.getFound()).isTrue();
        assertThat(first.getStatus()).isEqualTo("PENDING_ACTIVATION");
        assertThat(first.getCaCertificateId()).isEqualTo(caId);
        assertThat(first.getThingNamesList()).isEmpty();
        given().get("/certificates/" + id)
                .then()
                .statusCode(200)
                .body("certificateDescription.status", equalTo("PENDING_ACTIVATION"))
                .body("certificateDescription.caCertificateId", equalTo(caId));
        assertThat(present(device).getStatus()).isEqualTo("PENDING_ACTIVATION");

        List<ConsumerRecord<String, String>> events = KafkaTopicReader.await(
                CertificateEvents.TOPIC, record -> record.key().equals(id), 2);
        for (ConsumerRecord<String, String> event : events) {
            assertThat(KafkaTopicReader.header(event, Event.MQTT_TOPIC_HEADER))
                    .isEqualTo("$aws/events/certificates/registered/" + caId);
            JsonNode payload = JSON.readTree(event.value());
            assertThat(payload.properties())
                    .extracting(Map.Entry::getKey)
                    .containsExactly(
                            "certificateId",
                            "caCertificateId",
                            "timestamp",
                            "certificateStatus",
                            "awsAccountId",
                            "certificateRegistrationTimestamp");
            assertThat(payload.get("certificateId").asText()).isEqualTo(id);
            assertThat(payload.get("caCertificateId").asText()).isEqualTo(caId);
            assertThat(payload.get("certificateStatus").asText()).isEqualTo("PENDING_ACTIVATION");
            assertThat(payload.get("awsAccountId").asText()).isEqualTo("123456789012");
            assertThat(payload.get("timestamp").asLong())
                    .isGreaterThanOrEqualTo(
                            payload.get("certificateRegistrationTimestamp").asLong());
        }
        assertThat(JSON.readTree(events.get(0).value()).get("certificateRegistrationTimestamp"))
                .isEqualTo(JSON.readTree(events.get(1).value()).get("certificateRegistrationTimestamp"));

        // the account's handler activates it: the next CONNECT is told ACTIVE
        given().put("/certificates/" + id + "?newStatus=ACTIVE").then().statusCode(200);
        assertThat(present(device).getStatus()).isEqualTo("ACTIVE");
    }

    @Test
    void jitpProvisionsTheThingAndPolicyAndActivatesTheCertificateAtTheFirstPresentation() {
        String template = jitpTemplate(JITP_TEMPLATE);
        TestPki.Ca ca = TestPki.Ca.create("jitp");
        String caId = registerCa(ca, "setAsActive=true&allowAutoRegistration=true", template);
        String thing = unique("lamp");
        String device = device(ca, "CN=" + thing + ", O=ExampleCorp");

        DescribeClientCertificateResponse described = present(device);

        assertThat(described.getStatus()).isEqualTo("ACTIVE");
        assertThat(described.getCaCertificateId()).isEqualTo(caId);
        assertThat(described.getThingNamesList()).containsExactly(thing);
        assertThat(described.getPoliciesList())
                .singleElement()
                .extracting(PolicyDocument::getDocument)
                .asString()
                .contains("iot:Connect");
        assertThat(peers.thingNamed(thing).attributes()).containsEntry("organization", "ExampleCorp");
        // presented again, it is an ACTIVE certificate like any other: nothing runs again
        assertThat(present(device).getThingNamesList()).containsExactly(thing);
    }

    @Test
    void jitpOfATemplateReferringToASubjectFieldTheCertificateLacksLeavesItPending() {
        String template = jitpTemplate(JITP_TEMPLATE.replace(
                "\"AWS::IoT::Certificate::CommonName\"}}", "\"AWS::IoT::Certificate::Country\"}}"));
        TestPki.Ca ca = TestPki.Ca.create("jitp-no-country");
        registerCa(ca, "setAsActive=true&allowAutoRegistration=true", template);
        String thing = unique("no-country");
        String device = ca.device(thing);

        DescribeClientCertificateResponse described = present(device);

        assertThat(described.getFound()).isTrue();
        assertThat(described.getStatus()).isEqualTo("PENDING_ACTIVATION");
        assertThat(described.getThingNamesList()).isEmpty();
        assertThat(described.getPoliciesList()).isEmpty();
        assertThat(peers.thingNamed(thing)).isNull();
        assertThat(present(device).getStatus()).isEqualTo("PENDING_ACTIVATION");
    }

    @Test
    void aCaThatIsInactiveOrDoesNotAutoRegisterLeavesTheCertificateUnknown() {
        TestPki.Ca inactive = TestPki.Ca.create("inactive");
        registerCa(inactive, "allowAutoRegistration=true", null);
        TestPki.Ca manual = TestPki.Ca.create("manual");
        registerCa(manual, "setAsActive=true", null);

        for (TestPki.Ca ca : List.of(inactive, manual)) {
            String device = ca.device(unique("unknown"));
            assertThat(present(device).getFound()).isFalse();
            given().get("/certificates/" + TestPki.certificateId(device)).then().statusCode(404);
        }
        assertThat(present(TestPki.Ca.create("unregistered").device(unique("orphan")))
                        .getFound())
                .isFalse();
    }

    @Test
    void concurrentPresentationsRegisterOnceAndEachIsAnswered() throws Exception {
        TestPki.Ca jitr = TestPki.Ca.create("jitr-concurrent");
        String jitrCa = registerCa(jitr, "setAsActive=true&allowAutoRegistration=true", null);
        String pending = jitr.device(unique("pending"));
        TestPki.Ca jitp = TestPki.Ca.create("jitp-concurrent");
        registerCa(jitp, "setAsActive=true&allowAutoRegistration=true", jitpTemplate(JITP_TEMPLATE));
        String thing = unique("concurrent");
        String provisioned = device(jitp, "CN=" + thing + ", O=ExampleCorp");

        List<ListenableFuture<DescribeClientCertificateResponse>> jitrAnswers = new ArrayList<>();
        List<ListenableFuture<DescribeClientCertificateResponse>> jitpAnswers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            jitrAnswers.add(concurrent.describeClientCertificate(request(pending)));
            jitpAnswers.add(concurrent.describeClientCertificate(request(provisioned)));
        }

        for (ListenableFuture<DescribeClientCertificateResponse> answer : jitrAnswers) {
            assertThat(answer.get(30, TimeUnit.SECONDS).getStatus()).isEqualTo("PENDING_ACTIVATION");
        }
        for (ListenableFuture<DescribeClientCertificateResponse> answer : jitpAnswers) {
            DescribeClientCertificateResponse described = answer.get(30, TimeUnit.SECONDS);
            assertThat(described.getStatus()).isEqualTo("ACTIVE");
            assertThat(described.getThingNamesList()).containsExactly(thing);
        }
        given().get("/certificates-by-ca/" + jitrCa)
                .then()
                .statusCode(200)
                .body("certificates.certificateId", contains(TestPki.certificateId(pending)));
        // each presentation announced once it was registered
        KafkaTopicReader.await(
                CertificateEvents.TOPIC, record -> record.key().equals(TestPki.certificateId(pending)), 4);
    }

    @Test
    void aPresentedCertificateThatIsNotTheOneOfTheIdIsInvalid() {
        TestPki.Ca ca = TestPki.Ca.create("mismatch");
        DescribeClientCertificateRequest request = DescribeClientCertificateRequest.newBuilder(
                        request(ca.device(unique("a"))))
                .setCertificateId(TestPki.certificateId(ca.device(unique("b"))))
                .build();

        assertThatThrownBy(() -> provisioning.describeClientCertificate(request))
                .isInstanceOf(StatusRuntimeException.class)
                .extracting(failure ->
                        ((StatusRuntimeException) failure).getStatus().getCode())
                .isEqualTo(Status.Code.INVALID_ARGUMENT);
    }

    private DescribeClientCertificateResponse present(String devicePem) {
        return provisioning.describeClientCertificate(request(devicePem));
    }

    private static DescribeClientCertificateRequest request(String devicePem) {
        return DescribeClientCertificateRequest.newBuilder()
                .setCertificateId(TestPki.certificateId(devicePem))
                .setClientId("device")
                .setPresentedCertificateDer(ByteString.copyFrom(der(devicePem)))
                .build();
    }

    private static byte[] der(String pem) {
        return Base64.getDecoder()
                .decode(pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", ""));
    }

    /** A device certificate of {@code subject} that the CA signed. */
    private static String device(TestPki.Ca ca, String subject) {
        KeyPair key = TestPki.ec();
        return TestPki.certificate(
                subject, key, ca.subject(), ca.key(), false, TestPki.validFrom(), TestPki.validUntil());
    }

    private static String jitpTemplate(String body) {
        String name = ProvisioningTemplates.unique("jitp");
        ProvisioningTemplates.create(ProvisioningTemplates.request(name, body)
                        .put("type", "JITP")
                        .put("enabled", true))
                .statusCode(200);
        return name;
    }

    /** RegisterCACertificate in DEFAULT mode; @return the CA's id */
    private static String registerCa(TestPki.Ca ca, String query, String templateName) {
        String code = given().get("/registrationcode")
                .then()
                .statusCode(200)
                .extract()
                .path("registrationCode");
        ObjectNode body = JSON.createObjectNode()
                .put("caCertificate", ca.pem())
                .put("verificationCertificate", ca.verification(code));
        if (templateName != null) {
            body.putObject("registrationConfig")
                    .put("templateName", templateName)
                    .put("roleArn", "arn:aws:iam::123456789012:role/JITP");
        }
        return given().contentType(ContentType.JSON)
                .body(body.toString())
                .post("/cacertificate?" + query)
                .then()
                .statusCode(200)
                .extract()
                .path("certificateId");
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}

package io.iotdm.provisioning.fleet;

import static io.iotdm.provisioning.provisioningtemplate.ProvisioningTemplates.FLEET_BODY;
import static io.iotdm.provisioning.provisioningtemplate.ProvisioningTemplates.create;
import static io.iotdm.provisioning.provisioningtemplate.ProvisioningTemplates.request;
import static io.iotdm.provisioning.provisioningtemplate.ProvisioningTemplates.unique;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iotdm.provisioning.ProvisioningTestResource;
import io.iotdm.provisioning.TestPeers;
import io.iotdm.provisioning.TestPki;
import io.iotdm.provisioning.fleet.DeviceBridge.Answer;
import io.iotdm.x509.Pem;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.hibernate.reactive.mutiny.Mutiny;
import org.junit.jupiter.api.Test;

/**
 * The MQTT fleet-provisioning API as the device gateway forwards it (docs/aws-behaviour.md §6.10): requests on {@code
 * iotdm.device.inbound}, answers read from {@code iotdm.device.outbound}.
 */
@QuarkusTest
@ProvisioningTestResource
class FleetProvisioningTest {

    private static final String CREATE = "$aws/certificates/create/json";
    private static final String CREATE_FROM_CSR = "$aws/certificates/create-from-csr/json";
    private static final JsonMapper JSON = new JsonMapper();

    @Inject
    TestPeers peers;

    @Inject
    OwnershipTokens tokens;

    @Inject
    Mutiny.SessionFactory sessions;

    @Test
    void createAnswersTheRequestingConnectionAKeyPairWhoseCertificateWaitsForItsProvisioning() throws Throwable {
        String clientId = unique("device");

        DeviceBridge.publish(clientId, null, CREATE, "");

        Answer answer = DeviceBridge.answer(clientId);
        assertThat(answer.mqttTopic()).isEqualTo(CREATE + "/accepted");
        assertThat(answer.key()).isEqualTo(clientId);
        assertThat(answer.clientId()).isEqualTo(clientId);
        assertThat(answer.sessionToken())
                .as("the answer is for the connection that asked")
                .isEqualTo(DeviceBridge.sessionToken(clientId));
        JsonNode payload = answer.payload();
        assertThat(fieldNames(payload))
                .containsExactlyInAnyOrder(
                        "certificateId", "certificatePem", "privateKey", "certificateOwnershipToken");
        String certificatePem = payload.path("certificatePem").asText();
        assertThat(TestPki.certificateId(certificatePem))
                .isEqualTo(payload.path("certificateId").asText());
        assertThat(signsForTheCertificate(payload.path("privateKey").asText(), TestPki.jdk(certificatePem)))
                .as("the private key is the certificate's")
                .isTrue();
        String keyBody = privateKeyBody(payload.path("privateKey").asText());
        assertThat(answer.sealed()).as("the answer is sealed for the gateway").isTrue();
        assertThat(answer.recordValue())
                .as("the record on Kafka does not hold the key")
                .doesNotContain("PRIVATE KEY")
                .doesNotContain(keyBody)
                .doesNotContain(payload.path("certificateOwnershipToken").asText());
        assertThat(storedText(
                        "SELECT sealed_answer FROM device_certificate_request WHERE certificate_id = ?1"
                                + " UNION ALL SELECT payload FROM iotdm_outbox WHERE record_key = ?2"
                                + " UNION ALL SELECT payload FROM iotdm_outbox_dead_letter WHERE record_key = ?2",
                        payload.path("certificateId").asText(),
                        clientId))
                .as("the stored answer and the outbox rows do not hold the key")
                .isNotEmpty()
                .allSatisfy(
                        text -> assertThat(text).doesNotContain("PRIVATE KEY").doesNotContain(keyBody));
        given().get("/certificates/" + payload.path("certificateId").asText())
                .then()
                .statusCode(200)
                .body("certificateDescription.status", equalTo("PENDING_ACTIVATION"));
    }

    @Test
    void aRequestDeliveredTwiceGetsTheSameAnswerAndMakesOneCertificate() {
        String clientId = unique("device");
        String messageId = DeviceBridge.publish(clientId, null, CREATE, "");
        DeviceBridge.answer(clientId);

        DeviceBridge.publish(clientId, null, CREATE, "", messageId);

        List<Answer> answers = DeviceBridge.answers(clientId, 2);
        assertThat(answers.get(1).mqttTopic()).isEqualTo(CREATE + "/accepted");
        assertThat(answers.get(1).payload()).isEqualTo(answers.get(0).payload());
        assertThat(answers.get(1).sessionToken())
                .as("the stored answer goes to the connection that asked")
                .isEqualTo(DeviceBridge.sessionToken(clientId));
    }

    @Test
    void createFromCsrIssuesACertificateForTheCsrsKey() throws Exception {
        String clientId = unique("device");
        KeyPair key = TestPki.ec();
        String csr = TestPki.csr("CN=" + clientId, key);

        DeviceBridge.publish(
                clientId,
                null,
                CREATE_FROM_CSR,
                JSON.createObjectNode().put("certificateSigningRequest", csr).toString());

        Answer answer = DeviceBridge.answer(clientId);
        assertThat(answer.mqttTopic()).isEqualTo(CREATE_FROM_CSR + "/accepted");
        JsonNode payload = answer.payload();
        assertThat(fieldNames(payload))
                .containsExactlyInAnyOrder("certificateId", "certificatePem", "certificateOwnershipToken");
        X509Certificate certificate = TestPki.jdk(payload.path("certificatePem").asText());
        assertThat(certificate.getPublicKey().getEncoded())
                .isEqualTo(key.getPublic().getEncoded());
        assertThat(certificate.getSubjectX500Principal().getName()).isEqualTo("CN=" + clientId);
    }

    @Test
    void aCsrThatIsNotOneIsRejectedAndTheRequestsBehindItAreAnswered() {
        String clientId = unique("device");

        DeviceBridge.publish(clientId, null, CREATE_FROM_CSR, "{\"certificateSigningRequest\": \"not a csr\"}");
        DeviceBridge.publish(clientId, null, CREATE_FROM_CSR, "[]");
        DeviceBridge.publish(clientId, null, CREATE, "");

        List<Answer> answers = DeviceBridge.answers(clientId, 3);
        assertThat(answers.get(0).mqttTopic()).isEqualTo(CREATE_FROM_CSR + "/rejected");
        assertThat(answers.get(0).payload().path("statusCode").asInt()).isEqualTo(400);
        assertThat(answers.get(0).payload().path("errorCode").asText()).isEqualTo("InvalidRequest");
        assertThat(answers.get(1).payload())
                .isEqualTo(rejection(400, "InvalidPayload", "The payload is not a JSON object"));
        assertThat(answers.get(2).mqttTopic()).isEqualTo(CREATE + "/accepted");
    }

    @Test
    void provisionWithTheOwnershipTokenRegistersTheTemplatesThingWithTheCertificate() {
        String template = fleetTemplate();
        String clientId = unique("device");
        String thing = unique("sensor");
        JsonNode created = created(clientId);
        String certificateId = created.path("certificateId").asText();

        DeviceBridge.publish(
                clientId,
                null,
                provisionTopic(template),
                provision(created.path("certificateOwnershipToken").asText(), thing));

        Answer answer = DeviceBridge.answers(clientId, 2).get(1);
        assertThat(answer.mqttTopic()).isEqualTo(provisionTopic(template) + "/accepted");
        assertThat(answer.payload())
                .isEqualTo(JSON.createObjectNode()
                        .<ObjectNode>set(
                                "deviceConfiguration", JSON.createObjectNode().put("Fallback", "yes"))
                        .put("thingName", thing));
        assertThat(peers.thingNamed(thing)).isNotNull();
        given().get("/things/" + thing + "/principals")
                .then()
                .statusCode(200)
                .body("principals", equalTo(List.of("arn:aws:iot:us-east-1:123456789012:cert/" + certificateId)));
        given().get("/certificates/" + certificateId)
                .then()
                .statusCode(200)
                .body("certificateDescription.status", equalTo("ACTIVE"));
    }

    @Test
    void aProvisionDeliveredTwiceGetsTheSameAnswer() {
        String template = fleetTemplate();
        String clientId = unique("device");
        String thing = unique("sensor");
        String token = created(clientId).path("certificateOwnershipToken").asText();
        String messageId = DeviceBridge.publish(clientId, null, provisionTopic(template), provision(token, thing));
        DeviceBridge.answers(clientId, 2);

        DeviceBridge.publish(clientId, null, provisionTopic(template), provision(token, thing), messageId);

        List<Answer> answers = DeviceBridge.answers(clientId, 3);
        assertThat(answers.get(2).mqttTopic()).isEqualTo(provisionTopic(template) + "/accepted");
        assertThat(answers.get(2).payload()).isEqualTo(answers.get(1).payload());
    }

    @Test
    void anEmptyForgedOrExpiredTokenIsRejectedAsAwsRejectsIt() {
        String template = fleetTemplate();
        String clientId = unique("device");
        String certificateId = created(clientId).path("certificateId").asText();
        String forged = tokens.issue(certificateId, Instant.now()).substring(0, 90) + "AAAAAA";
        String expired = tokens.issue(
                certificateId, Instant.now().minus(tokens.validity()).minus(Duration.ofMinutes(1)));

        DeviceBridge.publish(clientId, null, provisionTopic(template), provision("", "a"));
        DeviceBridge.publish(clientId, null, provisionTopic(template), provision(forged, "b"));
        DeviceBridge.publish(clientId, null, provisionTopic(template), provision(expired, "c"));

        List<Answer> answers = DeviceBridge.answers(clientId, 4);
        assertThat(answers.subList(1, 4))
                .extracting(Answer::mqttTopic)
                .containsOnly(provisionTopic(template) + "/rejected");
        assertThat(answers.get(1).payload())
                .isEqualTo(rejection(
                        400, "InvalidCertificateOwnershipToken", "Certificate ownership token cannot be empty."));
        assertThat(answers.get(2).payload())
                .isEqualTo(rejection(
                        400,
                        "InvalidCertificateOwnershipToken",
                        "Certificate ownership token is not valid: it is not a token that this service issued."));
        assertThat(answers.get(3).payload().path("errorCode").asText()).isEqualTo("InvalidCertificateOwnershipToken");
        assertThat(answers.get(3).payload().path("errorMessage").asText())
                .startsWith("Certificate ownership token has expired");
    }

    @Test
    void anUnknownTemplateIsRejectedAsNotFound() {
        String clientId = unique("device");
        String token = created(clientId).path("certificateOwnershipToken").asText();
        String template = unique("missing");

        DeviceBridge.publish(clientId, null, provisionTopic(template), provision(token, "x"));

        Answer answer = DeviceBridge.answers(clientId, 2).get(1);
        assertThat(answer.mqttTopic()).isEqualTo(provisionTopic(template) + "/rejected");
        assertThat(answer.payload())
                .isEqualTo(rejection(
                        404, "ResourceNotFound", "The provisioning template " + template + " does not exist"));
    }

    @Test
    void aClaimProvisionsWithItsOwnTemplateOnly() {
        String template = fleetTemplate();
        String other = fleetTemplate();
        String claim = given().post("/provisioning-templates/" + other + "/provisioning-claim")
                .then()
                .statusCode(200)
                .extract()
                .path("certificateId");
        String clientId = unique("device");
        String token = created(clientId).path("certificateOwnershipToken").asText();

        DeviceBridge.publish(clientId, claim, provisionTopic(template), provision(token, unique("sensor")));

        Answer answer = DeviceBridge.answers(clientId, 2).get(1);
        assertThat(answer.payload())
                .isEqualTo(rejection(
                        403,
                        "ACCESS_DENIED",
                        "The claim certificate " + claim + " is for the provisioning template " + other + ", not "
                                + template));
    }

    /** A FLEET_PROVISIONING template, enabled, of {@code FLEET_BODY}. @return its name */
    static String fleetTemplate() {
        String name = unique("fleet");
        create(request(name, FLEET_BODY).put("enabled", true)).statusCode(200);
        return name;
    }

    static String provisionTopic(String template) {
        return "$aws/provisioning-templates/" + template + "/provision/json";
    }

    static String provision(String token, String serialNumber) {
        var payload = JSON.createObjectNode().put("certificateOwnershipToken", token);
        payload.putObject("parameters").put("SerialNumber", serialNumber);
        return payload.toString();
    }

    /** A certificate of {@code $aws/certificates/create}: the connection's first answer. */
    static JsonNode created(String clientId) {
        DeviceBridge.publish(clientId, null, CREATE, "");
        return DeviceBridge.answer(clientId).payload();
    }

    static JsonNode rejection(int statusCode, String errorCode, String errorMessage) {
        return JSON.createObjectNode()
                .put("statusCode", statusCode)
                .put("errorCode", errorCode)
                .put("errorMessage", errorMessage);
    }

    /** The base64 of a PEM private key, without its armour lines. */
    private static String privateKeyBody(String pem) {
        return pem.lines().filter(line -> !line.startsWith("-----")).collect(Collectors.joining());
    }

    /** The text column of the rows a native query returns. */
    private List<String> storedText(String query, Object... parameters) throws Throwable {
        return VertxContextSupport.subscribeAndAwait(() -> sessions.withSession(session -> {
            var select = session.createNativeQuery(query, String.class);
            for (int i = 0; i < parameters.length; i++) {
                select.setParameter(i + 1, parameters[i]);
            }
            return select.getResultList();
        }));
    }

    private static List<String> fieldNames(JsonNode node) {
        return node.properties().stream().map(Map.Entry::getKey).toList();
    }

    static boolean signsForTheCertificate(String privateKeyPem, X509Certificate certificate) throws Exception {
        PrivateKey privateKey = Pem.privateKey("privateKey", privateKeyPem);
        byte[] challenge = "prove it".getBytes(StandardCharsets.UTF_8);
        Signature signer = Signature.getInstance("SHA256withRSA");
        signer.initSign(privateKey);
        signer.update(challenge);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance("SHA256withRSA");
        verifier.initVerify(certificate);
        verifier.update(challenge);
        return verifier.verify(signature);
    }
}

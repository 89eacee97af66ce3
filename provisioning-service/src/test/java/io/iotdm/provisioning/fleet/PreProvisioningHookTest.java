package io.iotdm.provisioning.fleet;

import static io.iotdm.provisioning.fleet.FleetProvisioningTest.created;
import static io.iotdm.provisioning.fleet.FleetProvisioningTest.provision;
import static io.iotdm.provisioning.fleet.FleetProvisioningTest.provisionTopic;
import static io.iotdm.provisioning.fleet.FleetProvisioningTest.rejection;
import static io.iotdm.provisioning.provisioningtemplate.ProvisioningTemplates.FLEET_BODY;
import static io.iotdm.provisioning.provisioningtemplate.ProvisioningTemplates.create;
import static io.iotdm.provisioning.provisioningtemplate.ProvisioningTemplates.request;
import static io.iotdm.provisioning.provisioningtemplate.ProvisioningTemplates.unique;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.iotdm.provisioning.ProvisioningTestResource;
import io.iotdm.provisioning.TestPeers;
import io.iotdm.provisioning.fleet.DeviceBridge.Answer;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.http.HttpServer;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A fleet template's pre-provisioning hook, called over HTTP (docs/aws-behaviour.md §6.10): a local endpoint answers
 * as the test tells it for each serial number, and keeps what it was sent.
 */
@QuarkusTest
@ProvisioningTestResource
class PreProvisioningHookTest {

    private static final JsonMapper JSON = new JsonMapper();

    @Inject
    Vertx vertx;

    @Inject
    TestPeers peers;

    /** serial number → the hook's answer for it */
    private final Map<String, String> answers = new ConcurrentHashMap<>();
    /** serial number → what the hook was sent */
    private final Map<String, JsonNode> received = new ConcurrentHashMap<>();

    private HttpServer hook;

    @BeforeEach
    void startHook() {
        hook = vertx.createHttpServer()
                .requestHandler(request -> request.body().subscribe().with(body -> {
                    try {
                        JsonNode sent = JSON.readTree(body.getBytes());
                        String serial =
                                sent.path("parameters").path("SerialNumber").asText();
                        received.put(serial, sent);
                        request.response()
                                .putHeader("content-type", "application/json")
                                .endAndForget(answers.getOrDefault(serial, "{}"));
                    } catch (IOException e) {
                        request.response().setStatusCode(400).endAndForget();
                    }
                }))
                .listenAndAwait(0, "127.0.0.1");
    }

    @AfterEach
    void stopHook() {
        hook.closeAndAwait();
    }

    @Test
    void theHooksParameterOverridesAreMergedAndItIsSentWhatAwsSendsItsLambda() {
        String template = hookedTemplate();
        String clientId = unique("device");
        String serial = unique("serial");
        String thing = unique("sensor");
        answers.put(
                serial, "{\"allowProvisioning\": true, \"parameterOverrides\": {\"SerialNumber\": \"" + thing + "\"}}");
        JsonNode created = created(clientId);

        DeviceBridge.publish(
                clientId,
                null,
                provisionTopic(template),
                provision(created.path("certificateOwnershipToken").asText(), serial));

        Answer answer = DeviceBridge.answers(clientId, 2).get(1);
        assertThat(answer.payload().path("thingName").asText()).isEqualTo(thing);
        assertThat(peers.thingNamed(thing)).isNotNull();
        JsonNode sent = received.get(serial);
        assertThat(sent.path("certificateId").asText())
                .isEqualTo(created.path("certificateId").asText());
        assertThat(sent.path("certificatePem").asText())
                .isEqualTo(created.path("certificatePem").asText());
        assertThat(sent.path("templateArn").asText())
                .isEqualTo("arn:aws:iot:us-east-1:123456789012:provisioningtemplate/" + template);
        assertThat(sent.path("clientId").asText()).isEqualTo(clientId);
    }

    @Test
    void aHookThatRefusesOrAnswersNothingUsableIsAccessDenied() {
        String template = hookedTemplate();
        String clientId = unique("device");
        String token = created(clientId).path("certificateOwnershipToken").asText();
        answers.put("refused", "{\"allowProvisioning\": false}");
        answers.put("garbled", "not json");

        DeviceBridge.publish(clientId, null, provisionTopic(template), provision(token, "refused"));
        DeviceBridge.publish(clientId, null, provisionTopic(template), provision(token, "garbled"));

        var rejected = DeviceBridge.answers(clientId, 3);
        String target = hookUrl();
        assertThat(rejected.get(1).payload())
                .isEqualTo(rejection(
                        403, "ACCESS_DENIED", "The pre-provisioning hook " + target + " refused the provisioning"));
        assertThat(rejected.get(2).payload().path("statusCode").asInt()).isEqualTo(403);
        assertThat(rejected.get(2).payload().path("errorCode").asText()).isEqualTo("ACCESS_DENIED");
        assertThat(peers.thingNamed("refused")).isNull();
    }

    @Test
    void aHookUrlOnAHostNotAllowedIsNotCalledAndTheProvisioningIsAccessDenied() {
        // the same endpoint, named by a host that is not on the allow-list, and over https on an unlisted one
        String notListed = "http://localhost:" + hook.actualPort() + "/hook";
        String internal = "https://metadata.internal/hook";
        String clientId = unique("device");
        String token = created(clientId).path("certificateOwnershipToken").asText();
        answers.put("not-listed", "{\"allowProvisioning\": true}");

        DeviceBridge.publish(clientId, null, provisionTopic(hookedTemplate(notListed)), provision(token, "not-listed"));
        DeviceBridge.publish(clientId, null, provisionTopic(hookedTemplate(internal)), provision(token, "internal"));

        var rejected = DeviceBridge.answers(clientId, 3);
        for (int i = 1; i <= 2; i++) {
            String target = i == 1 ? notListed : internal;
            assertThat(rejected.get(i).payload())
                    .isEqualTo(rejection(
                            403,
                            "ACCESS_DENIED",
                            "The pre-provisioning hook " + target + " is not an allowed URL: iotdm calls https:// URLs"
                                    + " on the hosts of iotdm.provisioning.fleet-provisioning.hook-allowed-hosts, or"
                                    + " the URL that hook-urls maps an ARN to"));
        }
        assertThat(received).as("the hook was not called").doesNotContainKey("not-listed");
        assertThat(peers.thingNamed("not-listed")).isNull();
    }

    private String hookUrl() {
        return "http://127.0.0.1:" + hook.actualPort() + "/hook";
    }

    private String hookedTemplate() {
        return hookedTemplate(hookUrl());
    }

    private String hookedTemplate(String targetArn) {
        String name = unique("hooked");
        var request = request(name, FLEET_BODY).put("enabled", true);
        request.putObject("preProvisioningHook").put("targetArn", targetArn);
        create(request).statusCode(200);
        return name;
    }
}

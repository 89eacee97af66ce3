package io.iotdm.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Fleet provisioning by trusted user (docs/aws-behaviour.md §6.10), as the AWS IoT device SDK samples run it: one
 * claim from CreateProvisioningClaim for the whole fleet; each device connects with it under its own client id, asks
 * {@code $aws/certificates/create/json} for a key and certificate, registers them with
 * {@code $aws/provisioning-templates/<template>/provision/json} ({@code SerialNumber} = the thing's name), and
 * disconnects.
 */
public final class ClaimProvisioning implements Provisioning {

    /** The template the simulator creates when it does not exist: a thing per serial number, the device policy. */
    static final String TEMPLATE_BODY =
            """
            {"Parameters":{"SerialNumber":{"Type":"String"},"AWS::IoT::Certificate::Id":{"Type":"String"}},
             "Resources":{
               "thing":{"Type":"AWS::IoT::Thing","Properties":{"ThingName":{"Ref":"SerialNumber"}}},
               "certificate":{"Type":"AWS::IoT::Certificate",
                 "Properties":{"CertificateId":{"Ref":"AWS::IoT::Certificate::Id"},"Status":"ACTIVE"}},
               "policy":{"Type":"AWS::IoT::Policy","Properties":{"PolicyName":"%s"}}}}"""
                    .formatted(DEVICE_POLICY);

    private static final String CREATE = "$aws/certificates/create/json";
    private static final long ANSWER_TIMEOUT_SECONDS = 60;

    private final GatewayTls tls;
    private final String provision;
    private final DeviceCredentials claim;

    private ClaimProvisioning(GatewayTls tls, String templateName, DeviceCredentials claim) {
        this.tls = tls;
        this.provision = "$aws/provisioning-templates/" + templateName + "/provision/json";
        this.claim = claim;
    }

    /**
     * Makes sure the device policy and the template exist (a template of that name is used as it is: it must take a
     * {@code SerialNumber} parameter), and gets one claim for the fleet.
     */
    public static ClaimProvisioning prepare(ControlPlane api, GatewayTls tls, String templateName) {
        api.ensurePolicy(DEVICE_POLICY, DEVICE_POLICY_DOCUMENT).join();
        api.ensureProvisioningTemplate(templateName, TEMPLATE_BODY).join();
        JsonNode claim = api.createProvisioningClaim(templateName).join();
        return new ClaimProvisioning(
                tls,
                templateName,
                DeviceCredentials.fromPem(
                        "claim",
                        claim.path("keyPair").path("PrivateKey").asText(),
                        claim.path("certificatePem").asText()));
    }

    @Override
    public CompletableFuture<DeviceCredentials> provision(String thingName) {
        Map<String, CompletableFuture<JsonNode>> answers =
                Map.of(CREATE, new CompletableFuture<>(), provision, new CompletableFuture<>());
        Mqtt5AsyncClient client = tls.client(claim.as(thingName));
        client.publishes(MqttGlobalPublishFilter.SUBSCRIBED, publish -> {
            String topic = publish.getTopic().toString();
            int slash = topic.lastIndexOf('/');
            CompletableFuture<JsonNode> answer = answers.get(topic.substring(0, slash));
            if (answer == null) {
                return;
            }
            try {
                JsonNode payload = ControlPlane.JSON.readTree(publish.getPayloadAsBytes());
                if (topic.endsWith("/accepted")) {
                    answer.complete(payload);
                } else {
                    answer.completeExceptionally(new IllegalStateException(topic + ": " + payload));
                }
            } catch (IOException e) {
                answer.completeExceptionally(e);
            }
        });
        CompletableFuture<DeviceCredentials> provisioned = client.connect()
                .thenCompose(ack -> MqttCalls.subscribe(client, List.of(CREATE + "/+", provision + "/+")))
                .thenCompose(subscribed -> MqttCalls.publish(client, CREATE, "{}"))
                .thenCompose(sent -> answers.get(CREATE))
                .thenCompose(created -> {
                    ObjectNode request = ControlPlane.JSON
                            .createObjectNode()
                            .put(
                                    "certificateOwnershipToken",
                                    created.path("certificateOwnershipToken").asText());
                    request.putObject("parameters").put("SerialNumber", thingName);
                    return MqttCalls.publish(client, provision, request.toString())
                            .thenCompose(sent -> answers.get(provision))
                            .thenApply(registered -> DeviceCredentials.fromPem(
                                    registered.path("thingName").asText(thingName),
                                    created.path("privateKey").asText(),
                                    created.path("certificatePem").asText()));
                })
                .orTimeout(ANSWER_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        // the claim's connection ends either way; the outcome is the provisioning's
        return provisioned
                .handle((credentials, failure) -> null)
                .thenCompose(done -> client.disconnect().handle((disconnected, notConnected) -> null))
                .thenCompose(done -> provisioned);
    }
}

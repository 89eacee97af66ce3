package io.iotdm.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.iotdm.devstack.StackAddresses;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.crt.CRT;
import software.amazon.awssdk.crt.mqtt.MqttClientConnection;
import software.amazon.awssdk.crt.mqtt.QualityOfService;
import software.amazon.awssdk.crt.mqtt5.Mqtt5Client;
import software.amazon.awssdk.crt.mqtt5.Mqtt5ClientOptions;
import software.amazon.awssdk.crt.mqtt5.OnAttemptingConnectReturn;
import software.amazon.awssdk.crt.mqtt5.OnConnectionFailureReturn;
import software.amazon.awssdk.crt.mqtt5.OnConnectionSuccessReturn;
import software.amazon.awssdk.crt.mqtt5.OnDisconnectionReturn;
import software.amazon.awssdk.crt.mqtt5.OnStoppedReturn;
import software.amazon.awssdk.crt.mqtt5.packets.ConnectPacket;
import software.amazon.awssdk.iot.AwsIotMqtt5ClientBuilder;
import software.amazon.awssdk.iot.iotshadow.IotShadowClient;
import software.amazon.awssdk.iot.iotshadow.model.ShadowDeltaUpdatedEvent;
import software.amazon.awssdk.iot.iotshadow.model.ShadowDeltaUpdatedSubscriptionRequest;
import software.amazon.awssdk.iot.iotshadow.model.ShadowState;
import software.amazon.awssdk.iot.iotshadow.model.UpdateShadowRequest;
import software.amazon.awssdk.iot.iotshadow.model.UpdateShadowResponse;
import software.amazon.awssdk.iot.iotshadow.model.UpdateShadowSubscriptionRequest;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.CertificateStatus;
import software.amazon.awssdk.services.iot.model.CreateKeysAndCertificateResponse;

/**
 * The Device Shadow between the cloud and a device (docs/aws-behaviour.md §4.1, §9.6): the cloud sets desired state over
 * HTTP (iot-data UpdateThingShadow), the device connected to the device gateway gets the delta over MQTT, reports over
 * MQTT, is answered on {@code /update/accepted}, and GetThingShadow shows what it reported: once with the HiveMQ MQTT
 * client, once with AWS's IoT Device SDK v2 for Java and its shadow client. The cloud's side is iot-data signed with the
 * SDK's SigV4 signer ({@link IotDataHttp}): the SDK's IotDataPlaneClient is not in the Maven mirror at the SDK version
 * the project uses (2.57.8 absent).
 */
class DeviceShadowEndToEndTest {

    private static final JsonMapper JSON = new JsonMapper();

    /** The thing's own shadow topics, connected as the thing. */
    private static final String SHADOW_TOPICS =
            """
            {"Version":"2012-10-17","Statement":[
              {"Effect":"Allow","Action":"iot:Connect",
               "Resource":"arn:aws:iot:us-east-1:123456789012:client/${iot:Connection.Thing.ThingName}"},
              {"Effect":"Allow","Action":["iot:Publish","iot:Receive"],
               "Resource":"arn:aws:iot:us-east-1:123456789012:topic/$aws/things/${iot:Connection.Thing.ThingName}/shadow/*"},
              {"Effect":"Allow","Action":"iot:Subscribe",
               "Resource":"arn:aws:iot:us-east-1:123456789012:topicfilter/$aws/things/${iot:Connection.Thing.ThingName}/shadow/*"}]}""";

    private final IotClient iot = Suite.iot();

    @Test
    void theDeviceGetsTheDesiredStateReportsItAndTheCloudSeesIt() throws Exception {
        StackAddresses stack = Suite.addresses();
        Device registered = device();
        String thing = registered.thing();
        CreateKeysAndCertificateResponse created = registered.credentials();
        String shadow = "$aws/things/" + thing + "/shadow";

        Mqtt5BlockingClient device = MqttDevices.device(stack, created, thing, new CountDownLatch(1));
        device.connect();
        try (Mqtt5BlockingClient.Mqtt5Publishes publishes = device.publishes(MqttGlobalPublishFilter.ALL)) {
            for (String answer : new String[] {"/update/delta", "/update/accepted"}) {
                device.subscribeWith()
                        .topicFilter(shadow + answer)
                        .qos(MqttQos.AT_LEAST_ONCE)
                        .send();
            }

            HttpResponse<String> desired = IotDataHttp.send(
                    "POST",
                    "/things/" + thing + "/shadow",
                    "{\"state\":{\"desired\":{\"color\":\"green\"}},\"clientToken\":\"cloud\"}");
            assertThat(desired.statusCode()).as(desired.body()).isEqualTo(200);

            JsonNode delta = receive(publishes, shadow + "/update/delta", "cloud");
            assertThat(delta.get("state").get("color").asText()).isEqualTo("green");
            assertThat(delta.get("version").asLong()).isEqualTo(1);

            device.publishWith()
                    .topic(shadow + "/update")
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .payload("{\"state\":{\"reported\":{\"color\":\"green\"}},\"clientToken\":\"device\"}"
                            .getBytes(StandardCharsets.UTF_8))
                    .send();
            JsonNode accepted = receive(publishes, shadow + "/update/accepted", "device");
            assertThat(accepted.get("state").get("reported").get("color").asText())
                    .isEqualTo("green");
            assertThat(accepted.get("version").asLong()).isEqualTo(2);
        } finally {
            device.disconnect();
        }

        HttpResponse<String> got = IotDataHttp.send("GET", "/things/" + thing + "/shadow", null);
        assertThat(got.statusCode()).as(got.body()).isEqualTo(200);
        JsonNode document = JSON.readTree(got.body());
        assertThat(document.get("state").get("reported").get("color").asText()).isEqualTo("green");
        assertThat(document.get("state").has("delta")).isFalse();
        assertThat(document.get("version").asLong()).isEqualTo(2);
    }

    @Test
    void theAwsIotDeviceSdksShadowClientGetsTheDeltaAndReports() throws Exception {
        StackAddresses stack = Suite.addresses();
        Device registered = device();
        String thing = registered.thing();
        String[] endpoint = stack.get(StackAddresses.MQTT_ENDPOINT).split(":");
        CompletableFuture<Void> connected = new CompletableFuture<>();
        Mqtt5Client client;
        try (AwsIotMqtt5ClientBuilder builder = AwsIotMqtt5ClientBuilder.newDirectMqttBuilderWithMtlsFromMemory(
                endpoint[0],
                registered.credentials().certificatePem(),
                registered.credentials().keyPair().privateKey())) {
            builder.withPort(Long.parseLong(endpoint[1]))
                    .withCertificateAuthorityFromPath(null, stack.get(StackAddresses.MQTT_CA_FILE))
                    .withConnectProperties(new ConnectPacket.ConnectPacketBuilder().withClientId(thing))
                    .withLifeCycleEvents(new Connected(connected));
            client = builder.build();
        }
        try (client;
                MqttClientConnection connection = new MqttClientConnection(client, null)) {
            IotShadowClient shadow = new IotShadowClient(connection);
            client.start();
            connected.get(60, TimeUnit.SECONDS);

            CompletableFuture<ShadowDeltaUpdatedEvent> delta = new CompletableFuture<>();
            ShadowDeltaUpdatedSubscriptionRequest deltas = new ShadowDeltaUpdatedSubscriptionRequest();
            deltas.thingName = thing;
            shadow.SubscribeToShadowDeltaUpdatedEvents(deltas, QualityOfService.AT_LEAST_ONCE, delta::complete)
                    .get(30, TimeUnit.SECONDS);
            CompletableFuture<UpdateShadowResponse> accepted = new CompletableFuture<>();
            UpdateShadowSubscriptionRequest updates = new UpdateShadowSubscriptionRequest();
            updates.thingName = thing;
            shadow.SubscribeToUpdateShadowAccepted(updates, QualityOfService.AT_LEAST_ONCE, response -> {
                        if ("sdk".equals(response.clientToken)) {
                            accepted.complete(response);
                        }
                    })
                    .get(30, TimeUnit.SECONDS);

            HttpResponse<String> desired = IotDataHttp.send(
                    "POST", "/things/" + thing + "/shadow", "{\"state\":{\"desired\":{\"color\":\"blue\"}}}");
            assertThat(desired.statusCode()).as(desired.body()).isEqualTo(200);
            assertThat(delta.get(30, TimeUnit.SECONDS).state).containsEntry("color", "blue");

            UpdateShadowRequest report = new UpdateShadowRequest();
            report.thingName = thing;
            report.clientToken = "sdk";
            report.state = new ShadowState();
            report.state.reported = new HashMap<>(Map.of("color", "blue"));
            shadow.PublishUpdateShadow(report, QualityOfService.AT_LEAST_ONCE).get(30, TimeUnit.SECONDS);
            UpdateShadowResponse response = accepted.get(30, TimeUnit.SECONDS);
            assertThat(response.version).isEqualTo(2);
            assertThat(response.state.reported).containsEntry("color", "blue");
            client.stop();
        }

        HttpResponse<String> got = IotDataHttp.send("GET", "/things/" + thing + "/shadow", null);
        assertThat(got.statusCode()).as(got.body()).isEqualTo(200);
        assertThat(JSON.readTree(got.body()).get("state").has("delta")).isFalse();
    }

    /**
     * Mosquitto's command-line clients (C on OpenSSL) over MQTT 3.1.1 and MQTT 5: subscribed as the thing they get the
     * delta of a desired state set over HTTP, a report published as the thing reaches the shadow, and a certificate
     * that is not ACTIVE is refused; skipped when {@code mosquitto_sub}/{@code mosquitto_pub} are not on PATH.
     */
    @Test
    void mosquittosClientsGetTheDeltaAndReportOverMqtt311AndMqtt5() throws Exception {
        assumeThat(Mosquitto.onPath())
                .as("mosquitto_sub and mosquitto_pub on PATH")
                .isTrue();
        StackAddresses stack = Suite.addresses();
        for (String version : new String[] {"mqttv311", "mqttv5"}) {
            Device registered = device();
            String thing = registered.thing();
            String shadow = "$aws/things/" + thing + "/shadow";
            Mosquitto.Credentials files = Mosquitto.Credentials.of(registered.credentials());
            try (Mosquitto.Subscription deltas =
                    Mosquitto.subscribe(stack, files, version, thing, shadow + "/update/delta")) {
                // "Subscribed (mid: 1): 1": the gateway granted QoS 1
                assertThat(deltas.awaitLine("Subscribed (mid: 1)")).endsWith(": 1");
                HttpResponse<String> desired = IotDataHttp.send(
                        "POST", "/things/" + thing + "/shadow", "{\"state\":{\"desired\":{\"color\":\"red\"}}}");
                assertThat(desired.statusCode()).as(desired.body()).isEqualTo(200);
                JsonNode delta = JSON.readTree(deltas.awaitLine("{"));
                assertThat(delta.get("state").get("color").asText()).as(version).isEqualTo("red");
                assertThat(delta.get("version").asLong()).isEqualTo(1);
            }

            Mosquitto.Finished published = Mosquitto.publish(
                    stack,
                    files,
                    version,
                    thing,
                    shadow + "/update",
                    "{\"state\":{\"reported\":{\"color\":\"red\"}},\"clientToken\":\"mosquitto\"}");
            assertThat(published.exitCode()).as(published.output()).isZero();
            // the report goes to the shadow through Kafka after the PUBACK: read until it is there
            JsonNode document = Eventually.await(
                    () -> readShadow(thing), read -> read.path("version").asLong() == 2);
            assertThat(document.get("state").get("reported").get("color").asText())
                    .isEqualTo("red");
            assertThat(document.get("state").has("delta")).isFalse();
        }

        Device inactive = device();
        iot.updateCertificate(request ->
                request.certificateId(inactive.credentials().certificateId()).newStatus(CertificateStatus.INACTIVE));
        try (Mosquitto.Subscription refused = Mosquitto.subscribe(
                stack,
                Mosquitto.Credentials.of(inactive.credentials()),
                "mqttv5",
                inactive.thing(),
                "$aws/things/" + inactive.thing() + "/shadow/update/delta")) {
            assertThat(refused.exitCode()).as(refused.output()).isNotZero();
            assertThat(refused.output()).doesNotContain("Subscribed");
        }
    }

    private static JsonNode readShadow(String thing) {
        HttpResponse<String> got = IotDataHttp.send("GET", "/things/" + thing + "/shadow", null);
        try {
            return JSON.readTree(got.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A thing, and an ACTIVE certificate attached to it whose policy is {@link #SHADOW_TOPICS}. */
    private record Device(String thing, CreateKeysAndCertificateResponse credentials) {}

    private Device device() {
        String thing = "lamp-" + UUID.randomUUID().toString().substring(0, 8);
        iot.createThing(request -> request.thingName(thing));
        CreateKeysAndCertificateResponse created = iot.createKeysAndCertificate(request -> request.setAsActive(true));
        String policy = "e2e-shadow-" + UUID.randomUUID().toString().substring(0, 8);
        iot.createPolicy(request -> request.policyName(policy).policyDocument(SHADOW_TOPICS));
        iot.attachPolicy(request -> request.policyName(policy).target(created.certificateArn()));
        iot.attachThingPrincipal(request -> request.thingName(thing).principal(created.certificateArn()));
        return new Device(thing, created);
    }

    /** Completes {@code connected} with the CRT client's first connection, or its failure. */
    private record Connected(CompletableFuture<Void> connected) implements Mqtt5ClientOptions.LifecycleEvents {

        @Override
        public void onAttemptingConnect(Mqtt5Client client, OnAttemptingConnectReturn attempt) {}

        @Override
        public void onConnectionSuccess(Mqtt5Client client, OnConnectionSuccessReturn success) {
            connected.complete(null);
        }

        @Override
        public void onConnectionFailure(Mqtt5Client client, OnConnectionFailureReturn failure) {
            connected.completeExceptionally(
                    new IllegalStateException("CONNECT failed: " + CRT.awsErrorString(failure.getErrorCode())));
        }

        @Override
        public void onDisconnection(Mqtt5Client client, OnDisconnectionReturn disconnection) {}

        @Override
        public void onStopped(Mqtt5Client client, OnStoppedReturn stopped) {}
    }

    /** The first message on {@code topic} whose clientToken is {@code clientToken}; others are passed over. */
    private static JsonNode receive(Mqtt5BlockingClient.Mqtt5Publishes publishes, String topic, String clientToken)
            throws InterruptedException, IOException {
        Instant deadline = Instant.now().plusSeconds(30);
        while (Instant.now().isBefore(deadline)) {
            Optional<Mqtt5Publish> received =
                    publishes.receive(Duration.between(Instant.now(), deadline).toMillis(), TimeUnit.MILLISECONDS);
            if (received.isEmpty()) {
                break;
            }
            JsonNode payload = JSON.readTree(received.get().getPayloadAsBytes());
            if (received.get().getTopic().toString().equals(topic)
                    && clientToken.equals(payload.path("clientToken").asText())) {
                return payload;
            }
        }
        throw new AssertionError("nothing on " + topic + " with clientToken " + clientToken);
    }
}

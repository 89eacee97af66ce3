package io.iotdm.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.AttributePayload;
import software.amazon.awssdk.services.iot.model.CreateKeysAndCertificateResponse;
import software.amazon.awssdk.services.iot.model.ThingConnectivity;

/**
 * {@code kill -9} of the device-gateway while devices are connected (docs/aws-behaviour.md §9.5): the instance that
 * starts next on the same data finds the dead one's sessions in the claims it reads back and ends them, so the fleet
 * index shows every device disconnected with {@code CONNECTION_LOST}; the devices then connect again (to the
 * restarted suite's new MQTT port, hence by the test, not by the client's automatic reconnect) and the index shows them
 * connected. Per client id, the presence events are exactly connected, disconnected (of the same session), connected.
 */
class GatewayCrashPresenceTest {

    private static final int DEVICES = 20;

    /** The instance timeout (20 s) and the restarted gateway's wait of as long before it judges, with room to spare. */
    private static final Duration CONVERGENCE = Duration.ofSeconds(120);

    private static final String CONNECT_ONLY =
            """
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iot:Connect","Resource":"*"}]}""";

    @Test
    void theSessionsOfAKilledGatewayEndAndItsDevicesComeBack() throws Exception {
        String run = "gw" + UUID.randomUUID().toString().substring(0, 8);
        List<String> things =
                IntStream.range(0, DEVICES).mapToObj(i -> run + "-" + i).toList();
        Map<String, CreateKeysAndCertificateResponse> certificates = new LinkedHashMap<>();
        try (CrashSuite suite = CrashSuite.start("gateway-crash-suite")) {
            IotClient iot = suite.iot();
            Suite.awaitFleetIndex(suite.addresses());
            iot.createPolicy(request -> request.policyName(run).policyDocument(CONNECT_ONLY));
            for (String thing : things) {
                iot.createThing(request -> request.thingName(thing)
                        .attributePayload(AttributePayload.builder()
                                .attributes(Map.of("run", run))
                                .build()));
                CreateKeysAndCertificateResponse created =
                        iot.createKeysAndCertificate(request -> request.setAsActive(true));
                iot.attachPolicy(request -> request.policyName(run).target(created.certificateArn()));
                iot.attachThingPrincipal(request -> request.thingName(thing).principal(created.certificateArn()));
                certificates.put(thing, created);
            }

            CountDownLatch lost = new CountDownLatch(DEVICES);
            for (String thing : things) {
                MqttDevices.device(suite.addresses(), certificates.get(thing), thing, lost)
                        .connect();
            }
            assertThat(connectivity(iot, run, true))
                    .as("connected before the kill")
                    .containsOnlyKeys(things);

            suite.kill("device-gateway/target/quarkus-app"); // SIGKILL
            assertThat(lost.await(60, TimeUnit.SECONDS))
                    .as("every device saw its connection end")
                    .isTrue();

            suite.restart();
            iot = suite.iot();
            Map<String, ThingConnectivity> disconnected = connectivity(iot, run, false);
            assertThat(disconnected).as("disconnected after the restart").containsOnlyKeys(things);
            assertThat(disconnected.values())
                    .extracting(ThingConnectivity::disconnectReason)
                    .containsOnly("CONNECTION_LOST");

            List<Mqtt5BlockingClient> devices = new ArrayList<>();
            for (String thing : things) {
                Mqtt5BlockingClient device =
                        MqttDevices.device(suite.addresses(), certificates.get(thing), thing, null);
                device.connect();
                devices.add(device);
            }
            assertThat(connectivity(iot, run, true)).as("connected again").containsOnlyKeys(things);

            // read on for 2 s after the third event of each: a fourth (a stray CONNECTION_LOST) must fail the test
            Map<String, List<JsonNode>> presence = SuiteEvents.exactly(
                    suite.addresses(),
                    "aws.events.presence",
                    event -> true,
                    Set.copyOf(things),
                    3,
                    Duration.ofSeconds(2));
            presence.forEach((thing, events) -> {
                assertThat(events)
                        .as("the presence events of %s", thing)
                        .extracting(event -> event.path("eventType").asText())
                        .containsExactly("connected", "disconnected", "connected");
                JsonNode first = events.get(0);
                JsonNode lostSession = events.get(1);
                JsonNode again = events.get(2);
                assertThat(lostSession.path("sessionIdentifier")).isEqualTo(first.path("sessionIdentifier"));
                assertThat(lostSession.path("versionNumber")).isEqualTo(first.path("versionNumber"));
                assertThat(lostSession.path("clientInitiatedDisconnect").asBoolean(true))
                        .isFalse();
                assertThat(lostSession.path("disconnectReason").asText()).isEqualTo("CONNECTION_LOST");
                assertThat(again.path("sessionIdentifier")).isNotEqualTo(first.path("sessionIdentifier"));
                assertThat(again.path("versionNumber").asLong())
                        .isGreaterThan(first.path("versionNumber").asLong());
                assertThat(events)
                        .extracting(event -> event.path("principalIdentifier").asText())
                        .containsOnly(certificates.get(thing).certificateId());
            });
            devices.forEach(Mqtt5BlockingClient::disconnect);
        }
    }

    /**
     * The connectivity of the run's things that the index shows {@code connected} (or not), once all of them do or
     * {@link #CONVERGENCE} has passed.
     */
    private static Map<String, ThingConnectivity> connectivity(IotClient iot, String run, boolean connected) {
        String query = "attributes.run:" + run + " AND connectivity.connected:" + connected;
        return Eventually.await(
                () -> {
                    Map<String, ThingConnectivity> found = new LinkedHashMap<>();
                    iot.searchIndex(request -> request.queryString(query).maxResults(DEVICES))
                            .things()
                            .forEach(thing -> found.put(thing.thingName(), thing.connectivity()));
                    return found;
                },
                found -> found.size() == DEVICES,
                CONVERGENCE);
    }
}

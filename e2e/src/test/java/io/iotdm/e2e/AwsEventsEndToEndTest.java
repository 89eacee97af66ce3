package io.iotdm.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.Configuration;
import software.amazon.awssdk.services.iot.model.CreateKeysAndCertificateResponse;
import software.amazon.awssdk.services.iot.model.CreateThingResponse;
import software.amazon.awssdk.services.iot.model.EventType;

/**
 * AWS's event messages on MQTT end to end (docs/aws-behaviour.md §3): UpdateEventConfigurations turns THING on with
 * the AWS SDK for Java v2, and a device subscribed to {@code $aws/events/thing/+/created} gets CreateThing's event from
 * the device gateway, with the thing's name and id.
 */
class AwsEventsEndToEndTest {

    private static final JsonMapper JSON = new JsonMapper();

    private static final String EVENTS =
            """
            {"Version":"2012-10-17","Statement":[
              {"Effect":"Allow","Action":"iot:Connect","Resource":"arn:aws:iot:us-east-1:123456789012:client/${iot:ClientId}"},
              {"Effect":"Allow","Action":"iot:Subscribe","Resource":"arn:aws:iot:us-east-1:123456789012:topicfilter/$aws/events/thing/*"},
              {"Effect":"Allow","Action":"iot:Receive","Resource":"arn:aws:iot:us-east-1:123456789012:topic/$aws/events/thing/*"}]}""";

    private final IotClient iot = Suite.iot();

    @Test
    void aSubscriberGetsTheCreatedEventOfAThingOnceThingEventsAreOn() throws Exception {
        CreateKeysAndCertificateResponse created = iot.createKeysAndCertificate(request -> request.setAsActive(true));
        String policy = "e2e-events-" + UUID.randomUUID().toString().substring(0, 8);
        iot.createPolicy(request -> request.policyName(policy).policyDocument(EVENTS));
        iot.attachPolicy(request -> request.policyName(policy).target(created.certificateArn()));
        iot.updateEventConfigurations(request -> request.eventConfigurations(
                Map.of(EventType.THING, Configuration.builder().enabled(true).build())));

        String clientId = "events-" + UUID.randomUUID().toString().substring(0, 8);
        Mqtt5BlockingClient device = MqttDevices.device(Suite.addresses(), created, clientId, new CountDownLatch(1));
        device.connect();
        try (Mqtt5BlockingClient.Mqtt5Publishes publishes = device.publishes(MqttGlobalPublishFilter.ALL)) {
            device.subscribeWith()
                    .topicFilter("$aws/events/thing/+/created")
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .send();

            // the configuration and the things' events reach the gateway on different topics: a thing created before
            // the gateway has the configuration has no event on MQTT, so things are created until one has
            Map<String, CreateThingResponse> things = new HashMap<>();
            JsonNode event = Eventually.await(
                    () -> {
                        String name = "e2e-events-" + UUID.randomUUID();
                        things.put(name, iot.createThing(request -> request.thingName(name)));
                        return next(publishes);
                    },
                    received -> received != null);
            assertThat(event).as("a thing's created event").isNotNull();

            CreateThingResponse thing = things.get(event.get("thingName").asText());
            assertThat(thing)
                    .as("the event of a thing this test created: %s", event)
                    .isNotNull();
            assertThat(event.get("eventType").asText()).isEqualTo("THING_EVENT");
            assertThat(event.get("operation").asText()).isEqualTo("CREATED");
            assertThat(event.get("thingId").asText()).isEqualTo(thing.thingId());
            assertThat(event.get("accountId").asText()).isEqualTo("123456789012");
        } finally {
            device.disconnect();
            iot.updateEventConfigurations(request -> request.eventConfigurations(Map.of(
                    EventType.THING, Configuration.builder().enabled(false).build())));
        }
    }

    /** The next event message, as JSON, or {@code null} when none comes within a second. */
    private static JsonNode next(Mqtt5BlockingClient.Mqtt5Publishes publishes) {
        try {
            Optional<Mqtt5Publish> received = publishes.receive(1, TimeUnit.SECONDS);
            return received.isEmpty()
                    ? null
                    : JSON.readTree(new String(received.get().getPayloadAsBytes(), StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}

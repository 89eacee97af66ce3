package io.iotdm.devicegateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5SubAckException;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.iotdm.devicegateway.TestDevices.Device;
import io.iotdm.devicegateway.account.AccountSettings;
import io.iotdm.events.AccountConfiguration;
import io.iotdm.events.Event;
import io.iotdm.events.RegistryEvents;
import io.iotdm.testing.KafkaTopicReader;
import io.iotdm.testing.KafkaTopicWriter;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * AWS's event messages republished to MQTT (docs/aws-behaviour.md §3) on devstack's Kafka: an event of an enabled type
 * reaches the subscribers allowed {@code iot:Receive} on its topic with the payload as the producer wrote it; one of a
 * type not enabled reaches nobody; lifecycle events always go out. The event configuration comes as the registry
 * publishes it, on {@code iotdm.account-configuration}.
 */
@QuarkusTest
@QuarkusTestResource(TestProvisioning.Resource.class)
class AwsEventsTest {

    private static final JsonMapper JSON = new JsonMapper();

    /** Subscribe to any event topic; receive every event message. */
    private static final String WATCHER =
            """
            {"Version":"2012-10-17","Statement":[
              {"Effect":"Allow","Action":"iot:Connect","Resource":"arn:aws:iot:us-east-1:123456789012:client/${iot:ClientId}"},
              {"Effect":"Allow","Action":"iot:Subscribe","Resource":"arn:aws:iot:us-east-1:123456789012:topicfilter/$aws/events/*"},
              {"Effect":"Allow","Action":"iot:Receive","Resource":"arn:aws:iot:us-east-1:123456789012:topic/$aws/events/*"}]}""";

    /** Subscribe to any event topic; receive presence events only. */
    private static final String PRESENCE_ONLY =
            """
            {"Version":"2012-10-17","Statement":[
              {"Effect":"Allow","Action":"iot:Connect","Resource":"arn:aws:iot:us-east-1:123456789012:client/${iot:ClientId}"},
              {"Effect":"Allow","Action":"iot:Subscribe","Resource":"arn:aws:iot:us-east-1:123456789012:topicfilter/$aws/events/*"},
              {"Effect":"Allow","Action":"iot:Receive","Resource":"arn:aws:iot:us-east-1:123456789012:topic/$aws/events/presence/*"}]}""";

    @Inject
    TestProvisioning provisioning;

    @Inject
    AccountSettings settings;

    @Inject
    TestDevices devices;

    @BeforeEach
    void thingEventsOnly() {
        configure(Map.of("THING", true, "THING_TYPE", false));
        awaitApplied(() -> settings.events().isEnabled("THING"));
    }

    @AfterEach
    void eventsOffAgain() {
        configure(Map.of("THING", false, "THING_TYPE", false));
        awaitApplied(() -> !settings.events().isEnabled("THING"));
    }

    @Test
    void anEnabledEventReachesTheSubscribersThatMayReceiveItAndADisabledOneNobody() throws Exception {
        String thing = "events-thing-" + UUID.randomUUID();
        String thingType = "events-type-" + UUID.randomUUID();
        String marker = "events-client-" + UUID.randomUUID();
        RegistryEvents registry = new RegistryEvents("123456789012");
        Event disabled = registry.thingType(
                RegistryEvents.Change.CREATED, "type-id", thingType, 1, false, null, List.of(), null, Instant.now());
        Event enabled = registry.thing(
                RegistryEvents.Change.CREATED, "thing-id", thing, 1, 7, null, Map.of("color", "red"), Instant.now());
        String presenceTopic = "$aws/events/presence/connected/" + marker;
        String presence = "{\"clientId\":\"" + marker + "\",\"eventType\":\"connected\"}";

        Mqtt5BlockingClient watcher = devices.connected(WATCHER);
        Mqtt5BlockingClient presenceOnly = devices.connected(PRESENCE_ONLY);
        try (Mqtt5BlockingClient.Mqtt5Publishes toWatcher = watcher.publishes(MqttGlobalPublishFilter.ALL);
                Mqtt5BlockingClient.Mqtt5Publishes toPresenceOnly =
                        presenceOnly.publishes(MqttGlobalPublishFilter.ALL)) {
            for (Mqtt5BlockingClient client : List.of(watcher, presenceOnly)) {
                for (String filter : List.of(
                        "$aws/events/thingType/" + thingType + "/#",
                        "$aws/events/thing/" + thing + "/+",
                        presenceTopic)) {
                    client.subscribeWith()
                            .topicFilter(filter)
                            .qos(MqttQos.AT_LEAST_ONCE)
                            .send();
                }
            }

            // the family of the MQTT topic decides, not the Kafka topic: on one partition of aws.events.thing (one
            // key) the three keep their order, so the last arriving first shows the others were not delivered
            write(enabled.key(), disabled.mqttTopic(), disabled.payload().toString());
            write(enabled.key(), enabled.mqttTopic(), enabled.payload().toString());
            write(enabled.key(), presenceTopic, presence);

            assertThat(TestDevices.next(toWatcher, 2).stream()
                            .map(message -> Map.entry(message.getTopic().toString(), TestDevices.text(message)))
                            .toList())
                    .containsExactly(
                            Map.entry(enabled.mqttTopic(), enabled.payload().toString()),
                            Map.entry(presenceTopic, presence));
            assertThat(TestDevices.next(toPresenceOnly, 1).stream()
                            .map(message -> Map.entry(message.getTopic().toString(), TestDevices.text(message)))
                            .toList())
                    .containsExactly(Map.entry(presenceTopic, presence));
        } finally {
            watcher.disconnect();
            presenceOnly.disconnect();
        }
    }

    @Test
    void aSubscriptionAndAnUnsubscriptionAreSubscriptionEventsOnKafkaAndOnMqtt() throws Exception {
        Device device = devices.allowedBy(TestProvisioning.OWN_TOPICS);
        String clientId = TestDevices.clientId();
        Mqtt5BlockingClient watcher = devices.connected(WATCHER);
        Mqtt5BlockingClient client = devices.mqtt5(device, clientId, new CountDownLatch(1));
        client.connect();
        try (Mqtt5BlockingClient.Mqtt5Publishes toWatcher = watcher.publishes(MqttGlobalPublishFilter.ALL)) {
            watcher.subscribeWith()
                    .topicFilter("$aws/events/subscriptions/+/" + clientId)
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .send();
            client.subscribeWith().topicFilter("devices/" + clientId + "/#").send();
            // a refused subscription is no subscription: no event
            assertThatThrownBy(() -> client.subscribeWith()
                            .topicFilter("devices/someone-else/#")
                            .send())
                    .isInstanceOf(Mqtt5SubAckException.class);
            client.unsubscribeWith().topicFilter("devices/" + clientId + "/#").send();

            List<Mqtt5Publish> republished = TestDevices.next(toWatcher, 2);
            assertThat(republished)
                    .extracting(message -> message.getTopic().toString())
                    .containsExactly(
                            "$aws/events/subscriptions/subscribed/" + clientId,
                            "$aws/events/subscriptions/unsubscribed/" + clientId);
            List<ConsumerRecord<String, String>> events =
                    KafkaTopicReader.await("aws.events.subscriptions", record -> clientId.equals(record.key()), 2);
            String token = devices.sessionToken(device);
            for (int i = 0; i < 2; i++) {
                JsonNode event = JSON.readTree(events.get(i).value());
                assertThat(TestDevices.text(republished.get(i)))
                        .isEqualTo(events.get(i).value());
                assertThat(event.propertyStream().map(Map.Entry::getKey))
                        .containsExactly(
                                "clientId",
                                "timestamp",
                                "eventType",
                                "sessionIdentifier",
                                "principalIdentifier",
                                "topics");
                assertThat(event.get("eventType").asText()).isEqualTo(i == 0 ? "subscribed" : "unsubscribed");
                assertThat(event.get("clientId").asText()).isEqualTo(clientId);
                assertThat(event.get("timestamp").isIntegralNumber()).isTrue();
                assertThat(event.get("sessionIdentifier").asText()).isEqualTo(token);
                assertThat(event.get("principalIdentifier").asText()).isEqualTo(device.certificateId());
                assertThat(event.get("topics")).isEqualTo(JSON.readTree("[\"devices/" + clientId + "/#\"]"));
            }
        } finally {
            watcher.disconnect();
            client.disconnect();
        }
    }

    /** Writes an event as the registry's outbox relay does. */
    private static void write(String key, String mqttTopic, String payload) {
        Map<String, String> headers = new HashMap<>();
        headers.put(Event.MQTT_TOPIC_HEADER, mqttTopic);
        KafkaTopicWriter.publish(RegistryEvents.THING_TOPIC, key, payload.getBytes(StandardCharsets.UTF_8), headers);
    }

    /** Publishes an event configuration as the registry does. */
    private static void configure(Map<String, Boolean> enabled) {
        Event event = new AccountConfiguration.EventConfigurations(enabled, System.currentTimeMillis()).event();
        KafkaTopicWriter.publish(
                event.kafkaTopic(),
                event.key(),
                event.payload().toString().getBytes(StandardCharsets.UTF_8),
                event.headers());
    }

    /** Waits until the gateway has read the configuration (it reads it within a poll); fails after 30 s. */
    static void awaitApplied(BooleanSupplier applied) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!applied.getAsBoolean()) {
            assertThat(System.nanoTime())
                    .as("the account configuration applied")
                    .isLessThan(deadline);
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}

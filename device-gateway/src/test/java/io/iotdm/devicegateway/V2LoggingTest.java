package io.iotdm.devicegateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5SubAckException;
import io.iotdm.devicegateway.TestDevices.Device;
import io.iotdm.devicegateway.account.AccountSettings;
import io.iotdm.events.AccountConfiguration;
import io.iotdm.events.AccountConfiguration.LogTargetLevel;
import io.iotdm.events.Event;
import io.iotdm.testing.KafkaTopicReader;
import io.iotdm.testing.KafkaTopicWriter;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * AWS v2 logging in the gateway (docs/aws-behaviour.md §8) on devstack's Kafka: a thing's entries are written at the
 * level of its nearest thing group that has one (a child's level wins over its parent's), and none below that level.
 */
@QuarkusTest
@QuarkusTestResource(TestProvisioning.Resource.class)
class V2LoggingTest {

    private static final JsonMapper JSON = new JsonMapper();

    @Inject
    TestProvisioning provisioning;

    @Inject
    TestDevices devices;

    @Inject
    TestGroups groups;

    @Inject
    AccountSettings settings;

    @AfterEach
    void loggingOffAgain() {
        configure(new AccountConfiguration.V2Logging(false, null, false, List.of(), System.currentTimeMillis()));
        AwsEventsTest.awaitApplied(() -> !settings.logging().configured());
    }

    @Test
    void aThingIsLoggedAtItsNearestGroupsLevelAndNotBelowIt() throws Exception {
        String run = UUID.randomUUID().toString();
        String fleet = "fleet-" + run;
        String debugging = "debugging-" + run;
        String quiet = "quiet-" + run;
        String verbose = "verbose-thing-" + run;
        String terse = "terse-thing-" + run;
        groups.memberships(verbose, List.of(List.of(fleet, debugging)));
        groups.memberships(terse, List.of(List.of(fleet, quiet)));
        configure(new AccountConfiguration.V2Logging(
                true,
                "DISABLED",
                false,
                List.of(
                        new LogTargetLevel("THING_GROUP", fleet, "ERROR"),
                        new LogTargetLevel("THING_GROUP", debugging, "INFO")),
                System.currentTimeMillis()));
        AwsEventsTest.awaitApplied(() -> settings.logging().configured());

        Device verboseDevice = provisioning.registeredDevice("ACTIVE", List.of(verbose));
        Mqtt5BlockingClient verboseClient = devices.mqtt5(verboseDevice, verbose, new CountDownLatch(1));
        verboseClient.connect();
        try {
            verboseClient
                    .publishWith()
                    .topic("devices/" + verbose + "/hello")
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .payload("hi".getBytes(StandardCharsets.UTF_8))
                    .send();
        } finally {
            verboseClient.disconnect();
        }

        JsonNode publishIn = entry(KafkaTopicReader.await(
                        AccountConfiguration.LOGS_TOPIC,
                        record -> verbose.equals(record.key())
                                && "Publish-In"
                                        .equals(entry(record).path("eventType").asText()),
                        1)
                .getFirst());
        assertThat(publishIn.propertyStream().map(java.util.Map.Entry::getKey))
                .containsExactlyInAnyOrder(
                        "timestamp",
                        "logLevel",
                        "traceId",
                        "accountId",
                        "status",
                        "eventType",
                        "protocol",
                        "clientId",
                        "principalId",
                        "sourceIp",
                        "topicName");
        assertThat(publishIn.get("timestamp").asText()).matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}\\.\\d{3}");
        assertThat(publishIn.get("logLevel").asText()).isEqualTo("INFO");
        assertThat(UUID.fromString(publishIn.get("traceId").asText())).isNotNull();
        assertThat(publishIn.get("accountId").asText()).isEqualTo("123456789012");
        assertThat(publishIn.get("status").asText()).isEqualTo("Success");
        assertThat(publishIn.get("protocol").asText()).isEqualTo("MQTT");
        assertThat(publishIn.get("clientId").asText()).isEqualTo(verbose);
        assertThat(publishIn.get("principalId").asText()).isEqualTo(verboseDevice.certificateId());
        assertThat(publishIn.get("sourceIp").asText()).isEqualTo("127.0.0.1");
        assertThat(publishIn.get("topicName").asText()).isEqualTo("devices/" + verbose + "/hello");

        Mqtt5BlockingClient terseClient =
                devices.mqtt5(provisioning.registeredDevice("ACTIVE", List.of(terse)), terse, new CountDownLatch(1));
        terseClient.connect();
        try {
            terseClient
                    .publishWith()
                    .topic("devices/" + terse + "/hello")
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .payload("hi".getBytes(StandardCharsets.UTF_8))
                    .send();
            assertThatThrownBy(() -> terseClient
                            .subscribeWith()
                            .topicFilter("devices/someone-else/#")
                            .send())
                    .isInstanceOf(Mqtt5SubAckException.class);
        } finally {
            terseClient.disconnect();
        }

        KafkaTopicReader.await(
                AccountConfiguration.LOGS_TOPIC,
                record -> terse.equals(record.key())
                        && "Subscribe".equals(entry(record).path("eventType").asText()),
                1);
        // the fleet's ERROR: the refused subscription only, not the Success (INFO) entries of its connect and publish
        List<JsonNode> terseEntries =
                KafkaTopicReader.await(AccountConfiguration.LOGS_TOPIC, record -> terse.equals(record.key()), 1)
                        .stream()
                        .map(V2LoggingTest::entry)
                        .toList();
        assertThat(terseEntries).allSatisfy(entry -> {
            assertThat(entry.get("eventType").asText()).isEqualTo("Subscribe");
            assertThat(entry.get("status").asText()).isEqualTo("Failure");
            assertThat(entry.get("logLevel").asText()).isEqualTo("ERROR");
            assertThat(entry.get("reason").asText()).isEqualTo("AUTHORIZATION_FAILURE");
            assertThat(entry.get("topicName").asText()).isEqualTo("devices/someone-else/#");
        });
    }

    @Test
    void aRefusedConnectIsAFailureEntryThatNamesThePresentedCertificate() throws Exception {
        configure(new AccountConfiguration.V2Logging(true, "ERROR", false, List.of(), System.currentTimeMillis()));
        AwsEventsTest.awaitApplied(() -> settings.logging().configured());
        Device inactive = provisioning.registeredDevice("INACTIVE", List.of());
        String clientId = TestDevices.clientId();

        assertThatThrownBy(() ->
                        devices.mqtt5(inactive, clientId, new CountDownLatch(1)).connect())
                .isInstanceOf(Mqtt5ConnAckException.class);

        JsonNode connect = entry(
                KafkaTopicReader.await(AccountConfiguration.LOGS_TOPIC, record -> clientId.equals(record.key()), 1)
                        .getFirst());
        assertThat(connect.get("eventType").asText()).isEqualTo("Connect");
        assertThat(connect.get("status").asText()).isEqualTo("Failure");
        assertThat(connect.get("logLevel").asText()).isEqualTo("ERROR");
        assertThat(connect.get("protocol").asText()).isEqualTo("MQTT");
        assertThat(connect.get("clientId").asText()).isEqualTo(clientId);
        assertThat(connect.get("principalId").asText()).isEqualTo(inactive.certificateId());
        assertThat(connect.get("sourceIp").asText()).isEqualTo("127.0.0.1");
        assertThat(connect.get("reason").asText()).isEqualTo("AUTHORIZATION_FAILURE");
        assertThat(connect.get("details").asText()).isEqualTo("Authorization Failure");
    }

    private static JsonNode entry(ConsumerRecord<String, String> record) {
        try {
            return JSON.readTree(record.value());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Publishes a logging configuration as the registry does. */
    private static void configure(AccountConfiguration.V2Logging logging) {
        Event event = logging.event();
        KafkaTopicWriter.publish(
                event.kafkaTopic(),
                event.key(),
                event.payload().toString().getBytes(StandardCharsets.UTF_8),
                event.headers());
    }
}

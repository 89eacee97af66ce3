package io.iotdm.registry.outbox;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;

import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agroal.api.AgroalDataSource;
import io.iotdm.events.Event;
import io.iotdm.outbox.Outcome;
import io.iotdm.outbox.TransactionalOutbox;
import io.iotdm.registry.RegistryTestResource;
import io.iotdm.testing.KafkaTopicReader;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The registry's outbox relay against devstack's Kafka: an event the broker refuses for good (larger than its
 * topic's max.message.bytes) is moved to the dead-letter table, and the events committed after it are published in
 * order.
 */
@QuarkusTest
@RegistryTestResource
class OutboxDeadLetterTest {

    private static final JsonMapper JSON = new JsonMapper();
    /**
     * Above the producer's batch.size (16 KiB): a topic limit below it makes Kafka's producer split a refused batch of
     * small records into the same batch again, and resend it until delivery.timeout.ms.
     */
    private static final int TOPIC_MAX_MESSAGE_BYTES = 20_000;

    @Inject
    TransactionalOutbox outbox;

    @Inject
    AgroalDataSource dataSource;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void anEventTheBrokerRefusesIsMovedAsideAndTheEventsBehindItArriveInOrder() throws Exception {
        String topic = "iotdm.test.dead-letter-" + UUID.randomUUID();
        createTopic(topic);
        String key = "thing-" + UUID.randomUUID().toString().substring(0, 8);
        Event first = event(topic, key, 1, "a");
        // under the producer's max.request.size (the outbox accepts it), over the topic's limit: the broker refuses it
        Event refused = event(topic, key, 2, "x".repeat(TOPIC_MAX_MESSAGE_BYTES * 2));
        Event third = event(topic, key, 3, "c");
        Event fourth = event(topic, key, 4, "d");

        outbox.commit(transaction -> Uni.createFrom().item(Outcome.of(null, first, refused, third, fourth)))
                .await()
                .indefinitely();

        List<String> published = KafkaTopicReader.await(topic, record -> true, 3).stream()
                .map(record -> KafkaTopicReader.header(record, Event.EVENT_ID_HEADER))
                .toList();
        assertThat(published).containsExactly(first.eventId(), third.eventId(), fourth.eventId());

        Map<String, String> deadLetter = awaitDeadLetter(topic);
        assertThat(deadLetter.get("record_key")).isEqualTo(key);
        assertThat(deadLetter.get("payload")).isEqualTo(refused.payload().toString());
        assertThat(JSON.readValue(deadLetter.get("headers"), Map.class)).isEqualTo(refused.headers());
        assertThat(deadLetter.get("reason")).startsWith("org.apache.kafka.common.errors.RecordTooLargeException");
        assertThat(Long.parseLong(deadLetter.get("outbox_id"))).isPositive();

        given().get("/q/health/live")
                .then()
                .statusCode(200)
                .body("checks.find { it.name == 'outbox-relay' }.status", equalTo("UP"))
                .body(
                        "checks.find { it.name == 'outbox-relay' }.data.'dead-lettered-since-start'",
                        greaterThanOrEqualTo(1))
                .body("checks.find { it.name == 'outbox-relay' }.data.'dead-letter-rows'", greaterThanOrEqualTo(1));
    }

    private static Event event(String topic, String key, long version, String value) {
        ObjectNode payload = JSON.createObjectNode().put("version", version).put("value", value);
        return new Event(topic, key, "test/" + key, UUID.randomUUID().toString(), version, payload);
    }

    private void createTopic(String topic) throws Exception {
        Properties properties = new Properties();
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (Admin admin = Admin.create(properties)) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1)
                            .configs(Map.of(
                                    TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(TOPIC_MAX_MESSAGE_BYTES)))))
                    .all()
                    .get();
        }
    }

    /** The relay moves the row once the round's acknowledgements are in: after the records may have arrived. */
    private Map<String, String> awaitDeadLetter(String topic) throws Exception {
        Instant deadline = Instant.now().plusSeconds(30);
        while (Instant.now().isBefore(deadline)) {
            try (Connection connection = dataSource.getConnection();
                    PreparedStatement select = connection.prepareStatement(
                            "SELECT outbox_id, record_key, headers, payload, reason FROM iotdm_outbox_dead_letter"
                                    + " WHERE topic = ?")) {
                select.setString(1, topic);
                try (ResultSet row = select.executeQuery()) {
                    if (row.next()) {
                        return Map.of(
                                "outbox_id", row.getString(1),
                                "record_key", row.getString(2),
                                "headers", row.getString(3),
                                "payload", row.getString(4),
                                "reason", row.getString(5));
                    }
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("No dead letter for " + topic);
    }
}

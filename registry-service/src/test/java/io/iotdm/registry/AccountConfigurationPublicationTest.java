package io.iotdm.registry;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.iotdm.events.AccountConfiguration;
import io.iotdm.events.AccountConfiguration.EventConfigurations;
import io.iotdm.events.AccountConfiguration.LogTargetLevel;
import io.iotdm.events.AccountConfiguration.V2Logging;
import io.iotdm.testing.KafkaTopicReader;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * Every change of the event configuration and of the v2 logging configuration publishes the whole setting on {@value
 * AccountConfiguration#TOPIC} (docs/architecture.md, "Account settings for the device gateway"), which the device
 * gateways follow. The settings are one per account and shared by the JVM's tests: each test looks for what it set.
 */
@QuarkusTest
@RegistryTestResource
class AccountConfigurationPublicationTest {

    @Test
    void anUpdateOfTheEventConfigurationPublishesEveryTypeWithWhetherItIsOn() {
        patch("{\"eventConfigurations\":{\"THING_TYPE_ASSOCIATION\":{\"Enabled\":true},\"JOB\":{\"Enabled\":true}}}");
        try {
            EventConfigurations published = EventConfigurations.parse(bytes(KafkaTopicReader.await(
                            AccountConfiguration.TOPIC,
                            record -> AccountConfiguration.EVENT_CONFIGURATIONS_KEY.equals(record.key())
                                    && EventConfigurations.parse(bytes(record)).isEnabled("THING_TYPE_ASSOCIATION")
                                    && EventConfigurations.parse(bytes(record)).isEnabled("JOB"),
                            1)
                    .getFirst()));
            // every type of the model, the others as they are
            assertThat(published.enabled())
                    .containsKeys(
                            "THING",
                            "THING_GROUP",
                            "THING_TYPE",
                            "THING_GROUP_MEMBERSHIP",
                            "THING_GROUP_HIERARCHY",
                            "THING_TYPE_ASSOCIATION",
                            "JOB",
                            "JOB_EXECUTION",
                            "POLICY",
                            "CERTIFICATE",
                            "CA_CERTIFICATE")
                    .hasSize(11);
        } finally {
            patch("{\"eventConfigurations\":{\"THING_TYPE_ASSOCIATION\":{\"Enabled\":false},"
                    + "\"JOB\":{\"Enabled\":false}}}");
        }
    }

    @Test
    void aLevelSetAndDeletedPublishesTheLoggingConfigurationWithAndThenWithoutIt() {
        String group = "published-" + UUID.randomUUID();
        LogTargetLevel level = new LogTargetLevel("THING_GROUP", group, "DEBUG");
        given().contentType(ContentType.JSON)
                .body("{\"defaultLogLevel\":\"WARN\"}")
                .post("/v2LoggingOptions")
                .then()
                .statusCode(200);
        given().contentType(ContentType.JSON)
                .body("{\"logTarget\":{\"targetType\":\"THING_GROUP\",\"targetName\":\"" + group
                        + "\"},\"logLevel\":\"DEBUG\"}")
                .post("/v2LoggingLevel")
                .then()
                .statusCode(200);

        V2Logging withLevel = V2Logging.parse(bytes(KafkaTopicReader.await(
                        AccountConfiguration.TOPIC,
                        record -> AccountConfiguration.V2_LOGGING_KEY.equals(record.key())
                                && V2Logging.parse(bytes(record)).targets().contains(level),
                        1)
                .getFirst()));
        assertThat(withLevel.configured()).isTrue();
        assertThat(withLevel.defaultLogLevel()).isEqualTo("WARN");
        assertThat(withLevel.disableAllLogs()).isFalse();

        given().delete("/v2LoggingLevel?targetType=THING_GROUP&targetName=" + group)
                .then()
                .statusCode(200);
        // the records of one key come in commit order: after the one with the level, one without it
        assertThat(KafkaTopicReader.await(
                        AccountConfiguration.TOPIC,
                        record -> AccountConfiguration.V2_LOGGING_KEY.equals(record.key())
                                && V2Logging.parse(bytes(record)).revision() >= withLevel.revision()
                                && !V2Logging.parse(bytes(record)).targets().contains(level),
                        1))
                .isNotEmpty();
    }

    private static void patch(String body) {
        given().contentType(ContentType.JSON)
                .body(body)
                .patch("/event-configurations")
                .then()
                .statusCode(200);
    }

    private static byte[] bytes(ConsumerRecord<String, String> record) {
        return record.value().getBytes(StandardCharsets.UTF_8);
    }
}

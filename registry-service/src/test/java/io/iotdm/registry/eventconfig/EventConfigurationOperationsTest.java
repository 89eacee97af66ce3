package io.iotdm.registry.eventconfig;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.iotdm.registry.RegistryTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Event configurations over the AWS REST-JSON interface. The configuration is one per account, shared by every test
 * of the JVM, so each test sets what it reads and leaves its types off again.
 */
@QuarkusTest
@RegistryTestResource
class EventConfigurationOperationsTest {

    private static final JsonMapper JSON = new JsonMapper();
    private static final List<String> EVENT_TYPES = List.of(
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
            "CA_CERTIFICATE");

    @Inject
    EventConfigurationService configurations;

    @Test
    void describeAnswersEveryEventTypeAndTheConfigurationDates() {
        JsonNode described = describe();

        JsonNode types = described.get("eventConfigurations");
        assertThat(types.properties().stream().map(Map.Entry::getKey)).containsExactlyElementsOf(EVENT_TYPES);
        assertThat(types.valueStream()).allMatch(type -> type.get("Enabled").isBoolean());
        // epoch seconds, as control-plane timestamps are
        BigDecimal creationDate = described.get("creationDate").decimalValue();
        assertThat(creationDate).isBetween(BigDecimal.valueOf(1_500_000_000L), BigDecimal.valueOf(4_000_000_000L));
        assertThat(described.get("lastModifiedDate").decimalValue()).isGreaterThanOrEqualTo(creationDate);
    }

    @Test
    void updateChangesOnlyTheTypesItNames() {
        update("{\"eventConfigurations\":{\"THING_GROUP_HIERARCHY\":{\"Enabled\":true},"
                + "\"JOB_EXECUTION\":{\"Enabled\":true}}}");
        update("{\"eventConfigurations\":{\"JOB_EXECUTION\":{\"Enabled\":false}}}");

        JsonNode types = describe().get("eventConfigurations");
        assertThat(types.get("THING_GROUP_HIERARCHY").get("Enabled").asBoolean())
                .isTrue();
        assertThat(types.get("JOB_EXECUTION").get("Enabled").asBoolean()).isFalse();
        assertThat(enabled("THING_GROUP_HIERARCHY")).isTrue();
        assertThat(enabled("JOB_EXECUTION")).isFalse();

        update("{\"eventConfigurations\":{\"THING_GROUP_HIERARCHY\":{\"Enabled\":false}}}");
        assertThat(enabled("THING_GROUP_HIERARCHY")).isFalse();
    }

    @Test
    void anUnknownEventTypeIsAValidationError() {
        given().contentType(ContentType.JSON)
                .body("{\"eventConfigurations\":{\"PRESENCE\":{\"Enabled\":true}}}")
                .patch("/event-configurations")
                .then()
                .statusCode(400)
                .header("x-amzn-ErrorType", "InvalidRequestException")
                .body(
                        "message",
                        equalTo("1 validation error detected: Value '{PRESENCE={Enabled=true}}' at"
                                + " 'eventConfigurations' failed to satisfy constraint: Map keys must satisfy"
                                + " constraint: [Member must satisfy enum value set: " + EVENT_TYPES + "]"));
    }

    @Test
    void onlyTheModelsEventTypesCanBeAskedAbout() {
        assertThatThrownBy(() -> enabled("PRESENCE")).isInstanceOf(IllegalArgumentException.class);
    }

    private boolean enabled(String eventType) {
        return configurations.enabled(eventType).await().atMost(Duration.ofSeconds(10));
    }

    private static void update(String body) {
        given().contentType(ContentType.JSON)
                .body(body)
                .patch("/event-configurations")
                .then()
                .statusCode(200)
                .body(equalTo("{}"));
    }

    private static JsonNode describe() {
        try {
            return JSON.readTree(given().get("/event-configurations")
                    .then()
                    .statusCode(200)
                    .extract()
                    .asString());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}

package io.iotdm.registry.outbox;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.iotdm.registry.RegistryTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * An event larger than {@code iotdm.outbox.max-event-bytes} fails the API call that would commit it with AWS's
 * RequestEntityTooLargeException, and nothing of the change is written. AWS's own limits keep events far below the
 * default 1 MiB, so the limit is set low here, under AWS's shadow and Publish limits.
 */
@QuarkusTest
@RegistryTestResource
@TestProfile(OutboxEventLimitTest.SmallEvents.class)
class OutboxEventLimitTest {

    private static final int MAX_EVENT_BYTES = 2048;

    public static class SmallEvents implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("iotdm.outbox.max-event-bytes", Integer.toString(MAX_EVENT_BYTES));
        }
    }

    @Test
    void aShadowUpdateWhoseEventIsTooLargeFailsAndLeavesNoShadow() {
        String thing = "limit-" + UUID.randomUUID().toString().substring(0, 8);
        String reported = "{\"state\":{\"reported\":{\"blob\":\"" + "x".repeat(MAX_EVENT_BYTES) + "\"}}}";

        given().body(reported)
                .post("/things/" + thing + "/shadow")
                .then()
                .statusCode(413)
                .header("x-amzn-ErrorType", "RequestEntityTooLargeException")
                .body("message", startsWith("The change's event on aws.things.shadow would be "));
        given().get("/things/" + thing + "/shadow").then().statusCode(404);

        given().body("{\"state\":{\"reported\":{\"small\":1}}}")
                .post("/things/" + thing + "/shadow")
                .then()
                .statusCode(200)
                .body("version", equalTo(1));
    }

    @Test
    void aPublishWhoseEventIsTooLargeFailsAndRetainsNothing() {
        String topic =
                URLEncoder.encode("limit/" + UUID.randomUUID().toString().substring(0, 8), StandardCharsets.UTF_8);

        given().urlEncodingEnabled(false)
                .contentType("application/octet-stream")
                .body(new byte[MAX_EVENT_BYTES])
                .post("/topics/" + topic + "?retain=true")
                .then()
                .statusCode(413)
                .header("x-amzn-ErrorType", "RequestEntityTooLargeException")
                .body("message", startsWith("The change's event on iotdm.mqtt.publish would be "));
        given().urlEncodingEnabled(false)
                .get("/retainedMessage/" + topic)
                .then()
                .statusCode(404)
                .header("x-amzn-ErrorType", "ResourceNotFoundException");
    }
}

package io.iotdm.registry.messaging;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.iotdm.events.Event;
import io.iotdm.registry.RegistryTestResource;
import io.iotdm.testing.KafkaTopicReader;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** iot-data's Publish and retained messages over the REST-JSON interface, on real PostgreSQL and Kafka. */
@QuarkusTest
@RegistryTestResource
class MessagingOperationsTest {

    private static final JsonMapper JSON = new JsonMapper();
    private static final String USER_PROPERTIES = "[{\"deviceName\":\"alpha\"},{\"deviceCnt\":\"45\"}]";

    @Test
    void publishCommitsTheMessageForTheDeviceGateway() throws Exception {
        String topic = unique("sensors") + "/temperature";
        String correlation = base64("request-1".getBytes(StandardCharsets.UTF_8));
        request("{\"celsius\":21.5}")
                .header("x-amz-mqtt5-user-properties", base64(USER_PROPERTIES.getBytes(StandardCharsets.UTF_8)))
                .header("x-amz-mqtt5-payload-format-indicator", "UTF8_DATA")
                .header("x-amz-mqtt5-correlation-data", correlation)
                .post("/topics/" + encode(topic)
                        + "?qos=1&contentType=application/json&responseTopic=replies/1&messageExpiry=60")
                .then()
                .statusCode(200)
                .body(equalTo("{}"));

        ConsumerRecord<String, String> record = KafkaTopicReader.await(
                        "iotdm.mqtt.publish", published -> published.key().equals(topic), 1)
                .get(0);
        JsonNode envelope = JSON.readTree(record.value());
        assertThat(envelope.get("topic").asText()).isEqualTo(topic);
        assertThat(Base64.getDecoder().decode(envelope.get("payload").asText()))
                .asString(StandardCharsets.UTF_8)
                .isEqualTo("{\"celsius\":21.5}");
        assertThat(envelope.get("qos").asInt()).isEqualTo(1);
        assertThat(envelope.get("retain").asBoolean()).isFalse();
        assertThat(envelope.get("userProperties")).isEqualTo(JSON.readTree(USER_PROPERTIES));
        assertThat(envelope.get("contentType").asText()).isEqualTo("application/json");
        assertThat(envelope.get("responseTopic").asText()).isEqualTo("replies/1");
        assertThat(envelope.get("messageExpiry").asLong()).isEqualTo(60);
        assertThat(envelope.get("correlationData").asText()).isEqualTo(correlation);
        assertThat(envelope.get("payloadFormatIndicator").asText()).isEqualTo("UTF8_DATA");
        assertThat(KafkaTopicReader.header(record, Event.MQTT_TOPIC_HEADER)).isEqualTo(topic);
        assertThat(UUID.fromString(KafkaTopicReader.header(record, Event.EVENT_ID_HEADER)))
                .isNotNull();
        assertThat(Long.parseLong(KafkaTopicReader.header(record, Event.RESOURCE_VERSION_HEADER)))
                .isPositive();

        // without RETAIN nothing is kept
        getRetained(topic).statusCode(404).header("x-amzn-ErrorType", "ResourceNotFoundException");
    }

    @Test
    void retainKeepsTheLastMessageAndAnEmptyPayloadDeletesIt() throws Exception {
        String topic = unique("retained") + "/state";
        request("on")
                .header("x-amz-mqtt5-user-properties", base64(USER_PROPERTIES.getBytes(StandardCharsets.UTF_8)))
                .post("/topics/" + encode(topic) + "?retain=true&qos=1")
                .then()
                .statusCode(200);
        JsonNode retained = read(getRetained(topic).statusCode(200));
        assertThat(retained.get("topic").asText()).isEqualTo(topic);
        assertThat(retained.get("payload").asText()).isEqualTo(base64("on".getBytes(StandardCharsets.UTF_8)));
        assertThat(retained.get("qos").asInt()).isEqualTo(1);
        // epoch milliseconds
        assertThat(retained.get("lastModifiedTime").isIntegralNumber()).isTrue();
        assertThat(retained.get("lastModifiedTime").asLong()).isGreaterThan(1_500_000_000_000L);
        assertThat(JSON.readTree(Base64.getDecoder()
                        .decode(retained.get("userProperties").asText())))
                .isEqualTo(JSON.readTree(USER_PROPERTIES));

        publish(topic, "off", "retain=true").statusCode(200);
        JsonNode replaced = read(getRetained(topic).statusCode(200));
        assertThat(replaced.get("payload").asText()).isEqualTo(base64("off".getBytes(StandardCharsets.UTF_8)));
        assertThat(replaced.get("qos").asInt()).isZero();
        assertThat(replaced.has("userProperties")).isFalse();

        publish(topic, "", "retain=true").statusCode(200);
        getRetained(topic).statusCode(404).header("x-amzn-ErrorType", "ResourceNotFoundException");
        // the deleting message is still delivered, as MQTT does with an empty retained message
        List<ConsumerRecord<String, String>> records = KafkaTopicReader.await(
                "iotdm.mqtt.publish", record -> record.key().equals(topic), 3);
        assertThat(JSON.readTree(records.get(2).value()).get("payload").asText())
                .isEmpty();
    }

    @Test
    void retainedMessagesAreListedPageByPageInTopicOrder() {
        String prefix = unique("listed");
        List<String> topics = List.of(prefix + "/a", prefix + "/b", prefix + "/c");
        topics.forEach(topic -> publish(topic, "12345", "retain=true&qos=1").statusCode(200));

        List<JsonNode> listed = new ArrayList<>();
        String token = null;
        do {
            JsonNode page =
                    read(given().get("/retainedMessage?maxResults=2" + (token == null ? "" : "&nextToken=" + token))
                            .then()
                            .statusCode(200));
            assertThat(page.get("retainedTopics").size()).isLessThanOrEqualTo(2);
            page.get("retainedTopics").forEach(listed::add);
            token = page.hasNonNull("nextToken") ? page.get("nextToken").asText() : null;
        } while (token != null);

        List<String> names =
                listed.stream().map(entry -> entry.get("topic").asText()).toList();
        assertThat(names).isSorted().containsAll(topics);
        JsonNode mine = listed.get(names.indexOf(prefix + "/b"));
        assertThat(mine.get("payloadSize").asLong()).isEqualTo(5);
        assertThat(mine.get("qos").asInt()).isEqualTo(1);
        assertThat(mine.get("lastModifiedTime").asLong()).isGreaterThan(1_500_000_000_000L);

        String next =
                given().get("/retainedMessage?maxResults=1").then().extract().path("nextToken");
        String tampered = (next.startsWith("A") ? "B" : "A") + next.substring(1); // another cursor, same MAC
        given().get("/retainedMessage?nextToken=" + tampered)
                .then()
                .statusCode(400)
                .header("x-amzn-ErrorType", "InvalidRequestException");

        topics.forEach(topic -> publish(topic, "", "retain=true").statusCode(200));
    }

    @Test
    void reservedTopicsAreForbidden() {
        publish("$aws/things/" + unique("thing") + "/shadow/update", "{}", "qos=0")
                .statusCode(403)
                .header("x-amzn-ErrorType", "ForbiddenException");
    }

    @Test
    void badTopicsAndHeadersAreInvalidRequests() {
        String topic = unique("bad");
        publish(topic + "/+/x", "x", "qos=0").statusCode(400).header("x-amzn-ErrorType", "InvalidRequestException");
        publish(topic + "/1/2/3/4/5/6/7/8", "x", "qos=0")
                .statusCode(400)
                .header("x-amzn-ErrorType", "InvalidRequestException");
        publish(topic, "x", "responseTopic=replies/%23").statusCode(400);
        request("x")
                .header("x-amz-mqtt5-user-properties", base64("{\"not\":\"a list\"}".getBytes(StandardCharsets.UTF_8)))
                .post("/topics/" + encode(topic))
                .then()
                .statusCode(400)
                .header("x-amzn-ErrorType", "InvalidRequestException");
        request("x")
                .header("x-amz-mqtt5-correlation-data", "not base64!")
                .post("/topics/" + encode(topic))
                .then()
                .statusCode(400)
                .header("x-amzn-ErrorType", "InvalidRequestException");
        publish(topic, "x", "qos=2")
                .statusCode(400)
                .header("x-amzn-ErrorType", "InvalidRequestException")
                .body(
                        "message",
                        equalTo("1 validation error detected: Value '2' at 'qos' failed to satisfy constraint:"
                                + " Member must have value less than or equal to 1"));
        request("x")
                .header("x-amz-mqtt5-payload-format-indicator", "TEXT")
                .post("/topics/" + encode(topic))
                .then()
                .statusCode(400)
                .body(
                        "message",
                        equalTo("1 validation error detected: Value 'TEXT' at 'payloadFormatIndicator' failed to"
                                + " satisfy constraint: Member must satisfy enum value set: [UNSPECIFIED_BYTES,"
                                + " UTF8_DATA]"));
    }

    @Test
    void aPayloadOverAwsLimitOf128KbIsTooLargeAndNothingIsRetained() {
        String topic = unique("large");
        publish(topic, "x".repeat(128 * 1024 + 1), "retain=true")
                .statusCode(413)
                .header("x-amzn-ErrorType", "RequestEntityTooLargeException")
                .body("message", equalTo("The payload exceeds the maximum size allowed"));
        getRetained(topic).statusCode(404).header("x-amzn-ErrorType", "ResourceNotFoundException");

        publish(topic, "x".repeat(128 * 1024), "retain=true").statusCode(200);
        getRetained(topic).statusCode(200);
    }

    /** A request whose path is sent as written: topics travel percent-encoded, slashes included. */
    private static RequestSpecification request(String payload) {
        return given().urlEncodingEnabled(false)
                .contentType("application/octet-stream")
                .body(payload.getBytes(StandardCharsets.UTF_8));
    }

    private static ValidatableResponse publish(String topic, String payload, String query) {
        return request(payload).post("/topics/" + encode(topic) + "?" + query).then();
    }

    private static ValidatableResponse getRetained(String topic) {
        return given().urlEncodingEnabled(false)
                .get("/retainedMessage/" + encode(topic))
                .then();
    }

    private static String encode(String topic) {
        return URLEncoder.encode(topic, StandardCharsets.UTF_8);
    }

    private static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static JsonNode read(ValidatableResponse response) {
        try {
            return JSON.readTree(response.extract().asString());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}

package io.iotdm.registry.grpc;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.iotdm.grpc.registry.v1.MatchRetainedMessagesRequest;
import io.iotdm.grpc.registry.v1.RegistryGrpc;
import io.iotdm.grpc.registry.v1.RetainedMessage;
import io.iotdm.registry.RegistryTestResource;
import io.iotdm.testing.InternalTestCalls;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * MatchRetainedMessages (docs/aws-behaviour.md §9.7) over real gRPC and PostgreSQL: what a new subscription to a topic
 * filter receives of the retained messages that iot-data's Publish stored.
 */
@QuarkusTest
@RegistryTestResource
class RetainedMessagesGrpcTest {

    @TestHTTPResource
    URL http;

    private ManagedChannel channel;
    private RegistryGrpc.RegistryBlockingStub registry;

    @BeforeEach
    void connect() {
        channel = InternalTestCalls.channel(http);
        registry = RegistryGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
    }

    @AfterEach
    void disconnect() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    @Test
    void aFilterSelectsTheRetainedTopicsItMatches() {
        // a dot and a parenthesis: characters a regular expression would read as operators
        String prefix = "match-" + UUID.randomUUID().toString().substring(0, 8) + ".(x)";
        for (String topic : List.of(prefix, prefix + "/a/state", prefix + "/b/state", prefix + "/a/state/extra")) {
            given().urlEncodingEnabled(false)
                    .contentType("application/octet-stream")
                    .body(topic.getBytes(StandardCharsets.UTF_8))
                    .post("/topics/" + URLEncoder.encode(topic, StandardCharsets.UTF_8) + "?retain=true&qos=1")
                    .then()
                    .statusCode(200);
        }

        assertThat(topics(prefix + "/+/state")).containsExactly(prefix + "/a/state", prefix + "/b/state");
        assertThat(topics(prefix + "/#"))
                .containsExactly(prefix, prefix + "/a/state", prefix + "/a/state/extra", prefix + "/b/state");
        assertThat(topics(prefix + "/a/state")).containsExactly(prefix + "/a/state");
        assertThat(topics(prefix + "/+")).isEmpty();
        assertThat(topics(prefix.replace(".", "-") + "/#")).isEmpty();

        RetainedMessage message = registry.matchRetainedMessages(MatchRetainedMessagesRequest.newBuilder()
                        .setTopicFilter(prefix + "/b/state")
                        .build())
                .getMessages(0);
        assertThat(message.getPayload().toStringUtf8()).isEqualTo(prefix + "/b/state");
        assertThat(message.getQos()).isEqualTo(1);

        assertThatThrownBy(() -> topics(prefix + "/a#"))
                .isInstanceOfSatisfying(
                        StatusRuntimeException.class,
                        refused -> assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
    }

    private List<String> topics(String filter) {
        return registry
                .matchRetainedMessages(MatchRetainedMessagesRequest.newBuilder()
                        .setTopicFilter(filter)
                        .build())
                .getMessagesList()
                .stream()
                .map(RetainedMessage::getTopic)
                .toList();
    }
}

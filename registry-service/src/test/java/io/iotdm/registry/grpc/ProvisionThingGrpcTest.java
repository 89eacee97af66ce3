package io.iotdm.registry.grpc;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.iotdm.grpc.registry.v1.OverrideSetting;
import io.iotdm.grpc.registry.v1.ProvisionThingRequest;
import io.iotdm.grpc.registry.v1.ProvisionThingResponse;
import io.iotdm.grpc.registry.v1.RegistryGrpc;
import io.iotdm.grpc.registry.v1.UnprovisionThingRequest;
import io.iotdm.grpc.service.AwsErrorStatus;
import io.iotdm.registry.RegistryTestResource;
import io.iotdm.testing.InternalTestCalls;
import io.iotdm.testing.KafkaTopicReader;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * ProvisionThing and UnprovisionThing (docs/aws-behaviour.md §6.8) over real gRPC, PostgreSQL and Kafka: the thing of a
 * template is created or changed with CreateThing's and UpdateThing's rules and events, once.
 */
@QuarkusTest
@RegistryTestResource
class ProvisionThingGrpcTest {

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

    private static ProvisionThingRequest.Builder request(String thing, String id) {
        return ProvisionThingRequest.newBuilder().setThingName(thing).setThingId(id);
    }

    @Test
    void registrationsCreatingTheSameNewThingAtOnceAllSucceedOneCreatingIt() throws Exception {
        // several rounds of eight at once: the inserts meet in most rounds (none of it depends on how they interleave)
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (int round = 0; round < 5; round++) {
                String thing = unique("racing");
                List<Future<ProvisionThingResponse>> answers = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    ProvisionThingRequest create =
                            request(thing, UUID.randomUUID().toString()).build();
                    answers.add(pool.submit(() ->
                            registry.withDeadlineAfter(30, TimeUnit.SECONDS).provisionThing(create)));
                }
                List<ProvisionThingResponse> provisioned = new ArrayList<>();
                for (Future<ProvisionThingResponse> answer : answers) {
                    provisioned.add(answer.get(60, TimeUnit.SECONDS));
                }
                assertThat(provisioned)
                        .filteredOn(ProvisionThingResponse::getCreated)
                        .hasSize(1);
                String id = provisioned.stream()
                        .filter(ProvisionThingResponse::getCreated)
                        .findFirst()
                        .orElseThrow()
                        .getThingId();
                assertThat(provisioned)
                        .as("every registration has the one thing")
                        .extracting(ProvisionThingResponse::getThingId)
                        .containsOnly(id);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void createsTheThingWithTheRegistrationsIdOnceAndARepeatChangesNothing() {
        String thing = unique("sensor");
        String id = UUID.randomUUID().toString();
        ProvisionThingRequest create = request(thing, id)
                .setHasAttributes(true)
                .putAttributes("serial", "1")
                .build();

        ProvisionThingResponse first = registry.provisionThing(create);
        ProvisionThingResponse again = registry.provisionThing(create);

        assertThat(first.getThingId()).isEqualTo(id);
        assertThat(first.getCreated()).isTrue();
        assertThat(first.getVersion()).isEqualTo(1);
        assertThat(first.getThingArn()).isEqualTo("arn:aws:iot:us-east-1:123456789012:thing/" + thing);
        assertThat(again).isEqualTo(first);
        given().get("/things/" + thing)
                .then()
                .statusCode(200)
                .body("thingId", equalTo(id))
                .body("attributes.serial", equalTo("1"))
                .body("version", equalTo(1));
        // the next event of the thing is the update below, not a second creation
        updateThing(thing, "{\"attributePayload\":{\"attributes\":{\"serial\":\"2\"}}}");
        List<ConsumerRecord<String, String>> events = KafkaTopicReader.await(
                "aws.events.thing", record -> record.key().equals(thing), 2);
        assertThat(events.get(0).value()).contains("\"operation\":\"CREATED\"");
        assertThat(events.get(1).value()).contains("\"operation\":\"UPDATED\"");
    }

    @Test
    void appliesTheOverrideSettingsToAnExistingThing() {
        String thing = unique("sensor");
        createThing(thing, "{\"attributePayload\":{\"attributes\":{\"a\":\"1\",\"b\":\"2\"}}}");
        String otherId = UUID.randomUUID().toString();

        ProvisionThingResponse kept = registry.provisionThing(request(thing, otherId)
                .setHasAttributes(true)
                .putAttributes("a", "9")
                .build());
        assertThat(kept.getCreated()).isFalse();
        assertThat(kept.getVersion()).isEqualTo(1);

        ProvisionThingResponse merged = registry.provisionThing(request(thing, otherId)
                .setHasAttributes(true)
                .putAttributes("a", "9")
                .putAttributes("b", "")
                .setAttributePayloadOverride(OverrideSetting.MERGE)
                .build());
        assertThat(merged.getVersion()).isEqualTo(2);
        given().get("/things/" + thing).then().body("attributes", equalTo(Map.of("a", "9")));

        ProvisionThingResponse replaced = registry.provisionThing(request(thing, otherId)
                .setHasAttributes(true)
                .putAttributes("c", "3")
                .setAttributePayloadOverride(OverrideSetting.REPLACE)
                .build());
        assertThat(replaced.getVersion()).isEqualTo(3);
        given().get("/things/" + thing).then().body("attributes", equalTo(Map.of("c", "3")));
    }

    @Test
    void failRefusesAnotherValueWithTheAwsConflictAndChangesNothing() {
        String thing = unique("sensor");
        createThing(thing, "{\"attributePayload\":{\"attributes\":{\"a\":\"1\"}}}");

        assertThatThrownBy(() ->
                        registry.provisionThing(request(thing, UUID.randomUUID().toString())
                                .setHasAttributes(true)
                                .putAttributes("a", "2")
                                .setAttributePayloadOverride(OverrideSetting.FAIL)
                                .build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, failure -> {
                    assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.ALREADY_EXISTS);
                    assertThat(AwsErrorStatus.awsError(failure))
                            .contains(new AwsErrorStatus.AwsError(
                                    "ConflictingResourceUpdateException",
                                    "Thing " + thing + " exists with another AttributePayload than the template's,"
                                            + " and the template's override setting for AttributePayload is FAIL"));
                });
        given().get("/things/" + thing).then().body("version", equalTo(1));
    }

    @Test
    void aTypeThatDoesNotExistIsCreateThingsNotFoundAndADryRunWritesNothing() {
        String thing = unique("sensor");

        assertThatThrownBy(() ->
                        registry.provisionThing(request(thing, UUID.randomUUID().toString())
                                .setThingTypeName("no-such-type")
                                .build()))
                .isInstanceOfSatisfying(
                        StatusRuntimeException.class, failure -> assertThat(AwsErrorStatus.awsError(failure))
                                .contains(new AwsErrorStatus.AwsError(
                                        "ResourceNotFoundException", "Thing type no-such-type does not exist")));

        ProvisionThingResponse dryRun = registry.provisionThing(
                request(thing, UUID.randomUUID().toString()).setDryRun(true).build());
        assertThat(dryRun.getCreated()).isTrue();
        given().get("/things/" + thing).then().statusCode(404);
    }

    @Test
    void unprovisionDeletesOnlyTheThingOfTheRegistrationsId() {
        String thing = unique("sensor");
        String id = UUID.randomUUID().toString();
        registry.provisionThing(request(thing, id).build());

        assertThat(registry.unprovisionThing(UnprovisionThingRequest.newBuilder()
                                .setThingName(thing)
                                .setThingId(UUID.randomUUID().toString())
                                .build())
                        .getDeleted())
                .isFalse();
        given().get("/things/" + thing).then().statusCode(200);

        UnprovisionThingRequest ours = UnprovisionThingRequest.newBuilder()
                .setThingName(thing)
                .setThingId(id)
                .build();
        assertThat(registry.unprovisionThing(ours).getDeleted()).isTrue();
        assertThat(registry.unprovisionThing(ours).getDeleted()).isFalse();
        given().get("/things/" + thing).then().statusCode(404);
    }

    private static void createThing(String name, String body) {
        given().contentType(ContentType.JSON)
                .body(body)
                .post("/things/" + name)
                .then()
                .statusCode(200);
    }

    private static void updateThing(String name, String body) {
        given().contentType(ContentType.JSON)
                .body(body)
                .patch("/things/" + name)
                .then()
                .statusCode(200);
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}

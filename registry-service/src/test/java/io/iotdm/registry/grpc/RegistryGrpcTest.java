package io.iotdm.registry.grpc;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.grpc.Context;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.iotdm.events.Event;
import io.iotdm.grpc.outbox.v1.AwaitPublishedRequest;
import io.iotdm.grpc.registry.v1.CountThingsRequest;
import io.iotdm.grpc.registry.v1.DescribeThingsRequest;
import io.iotdm.grpc.registry.v1.RegistryGrpc;
import io.iotdm.grpc.registry.v1.ShadowRecord;
import io.iotdm.grpc.registry.v1.StreamThingsRequest;
import io.iotdm.grpc.registry.v1.ThingRecord;
import io.iotdm.grpc.registry.v1.ThingSummary;
import io.iotdm.registry.RegistryTestResource;
import io.iotdm.testing.InternalTestCalls;
import io.iotdm.testing.KafkaTopicReader;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.net.URL;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The registry's gRPC contract, called by a real gRPC client over plaintext HTTP/2 on the service's HTTP port, on
 * real PostgreSQL and Kafka. The test profile pages StreamThings in threes.
 */
@QuarkusTest
@RegistryTestResource
class RegistryGrpcTest {

    // numbers as written: the shadow document must not turn 21.50 into 21.5
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

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
    void streamsThingsInNameOrderAcrossPagesWithTheirRegistryFields() throws Exception {
        String prefix = unique("stream");
        List<String> names =
                IntStream.range(0, 7).mapToObj(i -> prefix + "-" + i).toList();
        names.forEach(name -> createThing(name, "{\"attributePayload\":{\"attributes\":{\"n\":\"" + name + "\"}}}"));
        String type = unique("type");
        given().contentType(ContentType.JSON)
                .body("{}")
                .post("/thing-types/" + type)
                .then()
                .statusCode(200);
        updateThing(names.get(4), "{\"thingTypeName\":\"" + type + "\"}");

        List<ThingRecord> all = stream(StreamThingsRequest.newBuilder().setAfterThingName(prefix), prefix);
        assertThat(all).extracting(ThingRecord::getThingName).containsExactlyElementsOf(names);
        assertThat(all.get(0).getAttributesMap()).isEqualTo(Map.of("n", names.get(0)));
        assertThat(all.get(0).getThingTypeName()).isEmpty();
        assertThat(all.get(0).getVersion()).isEqualTo(1);
        assertThat(all.get(0).getShadowsList()).isEmpty();
        assertThat(all.get(4).getThingTypeName()).isEqualTo(type);
        assertThat(all.get(4).getVersion()).isEqualTo(2);

        // revision and last change are those of the thing's latest THING event
        List<ConsumerRecord<String, String>> events = KafkaTopicReader.await(
                "aws.events.thing", record -> record.key().equals(names.get(4)), 2);
        ConsumerRecord<String, String> updated = events.get(1);
        assertThat(all.get(4).getRevision())
                .isEqualTo(Long.parseLong(KafkaTopicReader.header(updated, Event.RESOURCE_VERSION_HEADER)));
        assertThat(all.get(4).getLastModifiedMillis())
                .isEqualTo(JSON.readTree(updated.value()).get("timestamp").asLong());
        assertThat(all.get(4).getThingId())
                .isEqualTo(JSON.readTree(updated.value()).get("thingId").asText());

        // resuming after a name in the middle of a page
        assertThat(stream(StreamThingsRequest.newBuilder().setAfterThingName(names.get(2)), prefix))
                .extracting(ThingRecord::getThingName)
                .containsExactlyElementsOf(names.subList(3, 7));
    }

    @Test
    void streamsOnlyTheLiveShadowsTheRequestAsksFor() {
        String prefix = unique("shadows");
        String both = prefix + "-a";
        String namedOnly = prefix + "-b";
        String deletedOnly = prefix + "-c";
        List.of(both, namedOnly, deletedOnly).forEach(name -> createThing(name, "{}"));
        updateShadow(both, null, "{\"state\":{\"reported\":{\"on\":true}}}");
        updateShadow(both, "cfg", "{\"state\":{\"desired\":{\"rate\":5}}}");
        updateShadow(both, "net", "{\"state\":{\"reported\":{\"ip\":\"10.0.0.1\"}}}");
        updateShadow(namedOnly, "net", "{\"state\":{\"reported\":{\"ip\":\"10.0.0.2\"}}}");
        updateShadow(deletedOnly, "gone", "{\"state\":{\"reported\":{\"x\":1}}}");
        given().delete("/things/" + deletedOnly + "/shadow?name=gone").then().statusCode(200);

        StreamThingsRequest.Builder from = StreamThingsRequest.newBuilder().setAfterThingName(prefix);
        assertThat(shadowNames(stream(from.clone(), prefix))).containsExactly(List.of(), List.of(), List.of());
        assertThat(shadowNames(stream(from.clone().setClassicShadow(true), prefix)))
                .containsExactly(List.of(""), List.of(), List.of());
        assertThat(shadowNames(stream(from.clone().setNamedShadows(true), prefix)))
                .containsExactly(List.of("cfg", "net"), List.of("net"), List.of());
        assertThat(shadowNames(stream(from.clone().setNamedShadows(true).addNamedShadowNames("net"), prefix)))
                .containsExactly(List.of("net"), List.of("net"), List.of());
        assertThat(shadowNames(stream(
                        from.clone()
                                .setClassicShadow(true)
                                .setNamedShadows(true)
                                .addNamedShadowNames("cfg")
                                .addNamedShadowNames("none"),
                        prefix)))
                .containsExactly(List.of("", "cfg"), List.of(), List.of());

        assertThatThrownBy(() -> stream(from.clone().addNamedShadowNames("net"), prefix))
                .isInstanceOfSatisfying(
                        StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
    }

    @Test
    void aShadowIsTheCurrentMemberOfItsLatestUpdateDocumentsMessage() throws Exception {
        String prefix = unique("doc");
        String thing = prefix + "-a";
        createThing(thing, "{}");
        updateShadow(
                thing, null, "{\"state\":{\"desired\":{\"temp\":21.50,\"mode\":\"eco\"},\"reported\":{\"temp\":20}}}");
        updateShadow(thing, null, "{\"state\":{\"reported\":{\"mode\":\"eco\",\"fan\":[1,{\"speed\":2}]}}}");

        ShadowRecord shadow = stream(
                        StreamThingsRequest.newBuilder()
                                .setAfterThingName(prefix)
                                .setClassicShadow(true),
                        prefix)
                .getFirst()
                .getShadows(0);
        ConsumerRecord<String, String> documents = KafkaTopicReader.await(
                        "aws.things.shadow", record -> record.key().equals(thing), 2)
                .get(1);
        JsonNode message = JSON.readTree(documents.value());

        JsonNode current = JSON.readTree(shadow.getCurrentDocument().toByteArray());
        // the same members in the same order, numbers written alike
        assertThat(current.toString()).isEqualTo(message.get("current").toString());
        assertThat(current.get("state").get("desired").get("temp").toString()).isEqualTo("21.50");
        assertThat(current.fieldNames()).toIterable().containsExactly("state", "metadata", "version");
        assertThat(shadow.getShadowName()).isEmpty();
        assertThat(shadow.getVersion())
                .isEqualTo(2)
                .isEqualTo(Long.parseLong(KafkaTopicReader.header(documents, Event.RESOURCE_VERSION_HEADER)));
        assertThat(shadow.getTimestamp()).isEqualTo(message.get("timestamp").asLong());
    }

    @Test
    void countsThings() {
        long before =
                registry.countThings(CountThingsRequest.getDefaultInstance()).getCount();
        String prefix = unique("count");
        for (int i = 0; i < 3; i++) {
            createThing(prefix + "-" + i, "{}");
        }
        given().delete("/things/" + prefix + "-0").then().statusCode(200);
        assertThat(registry.countThings(CountThingsRequest.getDefaultInstance()).getCount())
                .isEqualTo(before + 2);
    }

    @Test
    void describesTheThingsThatExistAmongTheNames() {
        String plain = unique("described");
        String typed = unique("described");
        String type = unique("type");
        createThing(plain, "{}");
        given().contentType(ContentType.JSON)
                .body("{}")
                .post("/thing-types/" + type)
                .then()
                .statusCode(200);
        String typedId = createThing(typed, "{\"thingTypeName\":\"" + type + "\"}");
        updateThing(typed, "{\"attributePayload\":{\"attributes\":{\"a\":\"1\"}}}");

        List<ThingSummary> found = registry.describeThings(DescribeThingsRequest.newBuilder()
                        .addThingNames(typed)
                        .addThingNames(unique("missing"))
                        .addThingNames(plain)
                        .build())
                .getThingsList();
        assertThat(found).extracting(ThingSummary::getThingName).containsExactlyInAnyOrder(plain, typed);
        ThingSummary summary = found.stream()
                .filter(thing -> thing.getThingName().equals(typed))
                .findFirst()
                .orElseThrow();
        assertThat(summary.getThingId()).isEqualTo(typedId);
        assertThat(summary.getThingTypeName()).isEqualTo(type);
        assertThat(summary.getVersion()).isEqualTo(2);
        assertThat(summary.getAttributesMap()).containsExactly(Map.entry("a", "1"));

        DescribeThingsRequest tooMany = DescribeThingsRequest.newBuilder()
                .addAllThingNames(IntStream.range(0, 101).mapToObj(i -> "t" + i).toList())
                .build();
        assertThatThrownBy(() -> registry.describeThings(tooMany))
                .isInstanceOfSatisfying(
                        StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
    }

    /** The records whose names start with the prefix; the stream is cancelled at the first one past them. */
    private List<ThingRecord> stream(StreamThingsRequest.Builder request, String prefix) {
        try (Context.CancellableContext call = Context.current().withCancellation()) {
            return call.call(() -> {
                List<ThingRecord> records = new ArrayList<>();
                Iterator<ThingRecord> stream = registry.streamThings(request.build());
                while (stream.hasNext()) {
                    ThingRecord record = stream.next();
                    if (!record.getThingName().startsWith(prefix)) {
                        break;
                    }
                    records.add(record);
                }
                return records;
            });
        } catch (StatusRuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static List<List<String>> shadowNames(List<ThingRecord> records) {
        return records.stream()
                .map(record -> record.getShadowsList().stream()
                        .map(ShadowRecord::getShadowName)
                        .toList())
                .toList();
    }

    /** @return the thing's id */
    @Test
    void awaitPublishedReturnsOnceTheChangesCommittedBeforeAreOnKafka() {
        String thing = unique("published");
        createThing(thing, "{}");
        assertThat(registry.awaitPublished(AwaitPublishedRequest.newBuilder()
                                .setMaxWaitMillis(30_000)
                                .build())
                        .getPublished())
                .isTrue();
        assertThat(KafkaTopicReader.await(
                        "aws.events.thing", record -> record.key().equals(thing), 1))
                .hasSize(1);
    }

    private static String createThing(String name, String body) {
        return given().contentType(ContentType.JSON)
                .body(body)
                .post("/things/" + name)
                .then()
                .statusCode(200)
                .extract()
                .path("thingId");
    }

    private static void updateThing(String name, String body) {
        given().contentType(ContentType.JSON)
                .body(body)
                .patch("/things/" + name)
                .then()
                .statusCode(200);
    }

    private static void updateShadow(String thing, String shadowName, String body) {
        given().body(body)
                .post("/things/" + thing + "/shadow" + (shadowName == null ? "" : "?name=" + shadowName))
                .then()
                .statusCode(200);
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}

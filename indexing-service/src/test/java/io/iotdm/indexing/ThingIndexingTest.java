package io.iotdm.indexing;

import static io.iotdm.events.RegistryEvents.Change.CREATED;
import static io.iotdm.events.RegistryEvents.Change.DELETED;
import static io.iotdm.events.RegistryEvents.Change.UPDATED;
import static org.assertj.core.api.Assertions.assertThat;

import io.iotdm.events.RegistryEvents;
import io.iotdm.indexing.consumer.IndexingStats;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opensearch.client.json.JsonData;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch._types.FieldValue;
import org.opensearch.client.opensearch._types.query_dsl.Query;

/** THING events into the registry part of the thing documents. */
@QuarkusTest
@IndexingTestResource
class ThingIndexingTest {

    @Inject
    OpenSearchClient client;

    @Inject
    IndexingStats stats;

    private Fleet fleet;

    @BeforeEach
    void setUp() {
        fleet = new Fleet(client);
    }

    @Test
    void createdThingIsIndexedWithItsRegistryFields() {
        String name = Fleet.uniqueName("lamp");
        Fleet.send(Fleet.thing(CREATED, name, "id-" + name, 1, 10, "light", Map.of("room", "12", "color", "red")));

        Map<String, Object> document = fleet.awaitDocument(name, doc -> true);
        assertThat(document)
                .containsEntry("thingName", name)
                .containsEntry("thingId", "id-" + name)
                .containsEntry("thingTypeName", "light")
                .containsEntry("registry.version", 1)
                .containsEntry("attributes.room", "12")
                .containsEntry("attributes.color", "red")
                .containsEntry("numeric.attributes.room", 12.0)
                .containsEntry("connectivity.connected", false)
                .containsEntry("live", true)
                .doesNotContainKey("numeric.attributes.color");
        fleet.assertFinds(term("attributes.color", "RED"), List.of(name), name);
        fleet.assertFinds(term("thingTypeName", "light"), List.of(name), name);
    }

    @Test
    void updateReplacesTheRegistryPart() {
        String name = Fleet.uniqueName("lamp");
        Fleet.send(
                Fleet.thing(CREATED, name, "id-" + name, 1, 10, "light", Map.of("room", "12", "color", "red")),
                Fleet.thing(UPDATED, name, "id-" + name, 2, 11, null, Map.of("room", "14")));

        Map<String, Object> document =
                fleet.awaitDocument(name, doc -> Integer.valueOf(2).equals(doc.get("registry.version")));
        assertThat(document)
                .containsEntry("attributes.room", "14")
                .containsEntry("numeric.attributes.room", 14.0)
                .doesNotContainKeys("attributes.color", "thingTypeName");
    }

    @Test
    void deletedThingLeavesTheSearchesButKeepsItsTombstone() {
        String name = Fleet.uniqueName("lamp");
        Fleet.send(
                Fleet.thing(CREATED, name, 1, 10, Map.of("room", "12")),
                Fleet.thing(DELETED, name, 1, 11, Map.of("room", "12")));

        Map<String, Object> document = fleet.awaitDocument(name, doc -> Boolean.FALSE.equals(doc.get("live")));
        assertThat(document)
                .containsEntry("sync.registry.version", 11)
                .containsEntry("sync.registry.deleted", true)
                .doesNotContainKeys("thingId", "attributes.room", "registry.version");
        fleet.assertFinds(Query.of(q -> q.matchAll(all -> all)), List.of(name));
    }

    @Test
    void olderAndDuplicateEventsNeverRegress() {
        String name = Fleet.uniqueName("lamp");
        Fleet.send(
                Fleet.thing(CREATED, name, 1, 10, Map.of("v", "1")),
                Fleet.thing(UPDATED, name, 3, 30, Map.of("v", "3")));
        fleet.awaitDocument(name, doc -> "3".equals(doc.get("attributes.v")));

        Fleet.send(
                Fleet.thing(UPDATED, name, 2, 20, Map.of("v", "2")), // out of order
                Fleet.thing(UPDATED, name, 3, 30, Map.of("v", "3")), // duplicate
                Fleet.thing(CREATED, name, 1, 10, Map.of("v", "1"))); // replay
        fleet.barrier(RegistryEvents.THING_TOPIC, name);

        assertThat(fleet.document(name).orElseThrow())
                .containsEntry("attributes.v", "3")
                .containsEntry("registry.version", 3)
                .containsEntry("sync.registry.version", 30);
    }

    @Test
    void olderEventsInOneBatchLoseToTheNewestWhateverTheirOrder() {
        String name = Fleet.uniqueName("lamp");
        Fleet.send(
                Fleet.thing(CREATED, name, 1, 10, Map.of("v", "1")),
                Fleet.thing(UPDATED, name, 3, 30, Map.of("v", "3")),
                Fleet.thing(UPDATED, name, 2, 20, Map.of("v", "2")));
        fleet.barrier(RegistryEvents.THING_TOPIC, name);

        assertThat(fleet.document(name).orElseThrow()).containsEntry("attributes.v", "3");
    }

    @Test
    void deletedThingStaysDeletedAgainstAnOlderUpdate() {
        String name = Fleet.uniqueName("lamp");
        Fleet.send(Fleet.thing(CREATED, name, 1, 10, Map.of()), Fleet.thing(DELETED, name, 2, 30, Map.of()));
        fleet.awaitDocument(name, doc -> Boolean.FALSE.equals(doc.get("live")));

        Fleet.send(Fleet.thing(UPDATED, name, 2, 20, Map.of("late", "yes")));
        fleet.barrier(RegistryEvents.THING_TOPIC, name);

        assertThat(fleet.document(name).orElseThrow())
                .containsEntry("live", false)
                .doesNotContainKey("attributes.late");
        fleet.assertFinds(Query.of(q -> q.matchAll(all -> all)), List.of(name));
    }

    @Test
    void deletionArrivingFirstStillWins() {
        String name = Fleet.uniqueName("lamp");
        Fleet.send(Fleet.thing(DELETED, name, 1, 50, Map.of()), Fleet.thing(CREATED, name, 1, 40, Map.of()));
        fleet.barrier(RegistryEvents.THING_TOPIC, name);

        assertThat(fleet.document(name).orElseThrow())
                .containsEntry("live", false)
                .doesNotContainKey("thingId");
    }

    @Test
    void recreatedThingIsIndexedAgain() {
        String name = Fleet.uniqueName("lamp");
        Fleet.send(
                Fleet.thing(CREATED, name, "first-" + name, 1, 10, null, Map.of("gen", "1")),
                Fleet.thing(UPDATED, name, "first-" + name, 2, 11, null, Map.of("gen", "1")),
                Fleet.thing(DELETED, name, "first-" + name, 2, 12, null, Map.of()));
        fleet.awaitDocument(name, doc -> Boolean.FALSE.equals(doc.get("live")));

        // a re-created thing's AWS version starts again at 1; its revision keeps growing
        Fleet.send(Fleet.thing(CREATED, name, "second-" + name, 1, 13, null, Map.of("gen", "2")));
        Map<String, Object> document = fleet.awaitDocument(name, doc -> Boolean.TRUE.equals(doc.get("live")));
        assertThat(document)
                .containsEntry("thingId", "second-" + name)
                .containsEntry("registry.version", 1)
                .containsEntry("attributes.gen", "2");
        fleet.assertFinds(term("attributes.gen", "2"), List.of(name), name);
    }

    @Test
    void attributeNumbersAnswerRangeQueries() {
        String small = Fleet.uniqueName("meter");
        String large = Fleet.uniqueName("meter");
        String text = Fleet.uniqueName("meter");
        Fleet.send(
                Fleet.thing(CREATED, small, 1, 10, Map.of("watts", "75")),
                Fleet.thing(CREATED, large, 1, 10, Map.of("watts", "120.5")),
                Fleet.thing(CREATED, text, 1, 10, Map.of("watts", "unknown")));
        List<String> all = List.of(small, large, text);
        all.forEach(name -> fleet.awaitDocument(name, doc -> true));

        // attributes.watts:[75 TO 80], attributes.watts > 100
        fleet.assertFinds(range("numeric.attributes.watts", 75, 80), all, small);
        fleet.assertFinds(
                Query.of(q -> q.range(r -> r.field("numeric.attributes.watts").gt(JsonData.of(100)))), all, large);
        // the same values stay keywords: attributes.watts:unknown, attributes.watts:12*
        fleet.assertFinds(term("attributes.watts", "Unknown"), all, text);
        fleet.assertFinds(
                Query.of(q -> q.wildcard(w -> w.field("attributes.watts").value("12*"))), all, large);
    }

    @Test
    void unreadableRecordIsSkippedAndCounted() {
        long poisonBefore = stats.poisonRecords();
        String name = Fleet.uniqueName("lamp");
        Fleet.sendRecord(
                new ProducerRecord<>(RegistryEvents.THING_TOPIC, name, "{not json".getBytes(StandardCharsets.UTF_8)));
        Fleet.send(Fleet.thing(CREATED, name, 1, 10, Map.of()));

        fleet.awaitDocument(name, doc -> Boolean.TRUE.equals(doc.get("live")));
        assertThat(stats.poisonRecords()).isGreaterThan(poisonBefore);
    }

    static Query term(String field, String value) {
        return Query.of(
                q -> q.term(t -> t.field(field).value(FieldValue.of(value)).caseInsensitive(true)));
    }

    static Query range(String field, double from, double to) {
        return Query.of(q -> q.range(r -> r.field(field).gte(JsonData.of(from)).lte(JsonData.of(to))));
    }
}

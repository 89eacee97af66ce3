package io.iotdm.indexing;

import static io.iotdm.events.RegistryEvents.Change.CREATED;
import static io.iotdm.events.RegistryEvents.Change.DELETED;
import static io.iotdm.indexing.ThingIndexingTest.range;
import static io.iotdm.indexing.ThingIndexingTest.term;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.iotdm.events.ShadowEvents;
import io.iotdm.indexing.thing.Part;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch._types.FieldValue;
import org.opensearch.client.opensearch._types.query_dsl.Query;

/** Shadow documents into the shadow parts of the thing documents. */
@QuarkusTest
@IndexingTestResource
class ShadowIndexingTest {

    private static final String STATE =
            """
            {"desired": {"temp": 20, "mode": "eco"},
             "reported": {"temp": 21.5, "mode": "eco", "door": false, "fw": {"version": "1.2.0", "build": 77},
                          "values": [1, 5, 9], "tags": ["a", null, "b"],
                          "history": [{"at": 1, "temp": 19}], "nothing": null}}""";

    @Inject
    OpenSearchClient client;

    private Fleet fleet;

    @BeforeEach
    void setUp() {
        fleet = new Fleet(client);
    }

    private String registeredThing() {
        String name = Fleet.uniqueName("sensor");
        Fleet.send(Fleet.thing(CREATED, name, 1, 10, Map.of()));
        return name;
    }

    @Test
    void reportedAndDesiredAreFlattenedAsAwsIndexesThem() {
        String name = registeredThing();
        Fleet.send(Fleet.shadowUpdated(name, null, 3, 1_000, STATE));

        Map<String, Object> document = fleet.awaitDocument(name, doc -> doc.containsKey("shadow.version"));
        assertThat(document)
                .containsEntry("shadow.version", 3)
                .containsEntry("shadow.hasDelta", true)
                .containsEntry("shadow.reported.temp", 21.5)
                .containsEntry("numeric.shadow.reported.temp", 21.5)
                .containsEntry("shadow.reported.door", false)
                .containsEntry("shadow.reported.fw.version", "1.2.0")
                .containsEntry("numeric.shadow.reported.fw.build", 77.0)
                .containsEntry("shadow.reported.values", List.of(1, 5, 9))
                .containsEntry("shadow.reported.tags", List.of("a", "b"))
                .containsEntry("shadow.desired.mode", "eco")
                .containsEntry("shadow.delta.temp", 20)
                .doesNotContainKeys(
                        "shadow.reported.history",
                        "shadow.reported.history.at",
                        "shadow.reported.nothing",
                        "numeric.shadow.reported.fw.version",
                        "shadow.delta.mode");

        List<String> only = List.of(name);
        // shadow.reported.temp > 21, shadow.reported.temp:[22 TO 30]
        fleet.assertFinds(range("numeric.shadow.reported.temp", 21, 1e9), only, name);
        fleet.assertFinds(range("numeric.shadow.reported.temp", 22, 30), only);
        // shadow.reported.values:5 (an array contains 5), shadow.reported.fw.version:1.2.0, shadow.hasDelta:true
        fleet.assertFinds(range("numeric.shadow.reported.values", 5, 5), only, name);
        fleet.assertFinds(term("shadow.reported.values", "5"), only, name);
        fleet.assertFinds(term("shadow.reported.fw.version", "1.2.0"), only, name);
        fleet.assertFinds(
                Query.of(q -> q.term(t -> t.field("shadow.hasDelta").value(FieldValue.of(true)))), only, name);
        // shadow.reported.history:* finds nothing: arrays of objects are not indexed
        fleet.assertFinds(Query.of(q -> q.exists(e -> e.field("shadow.reported.history*"))), only);

        JsonNode rendered = Fleet.json((String) document.get("shadowDocument.classic"));
        assertThat(rendered.path("reported").has("history")).isFalse();
        assertThat(rendered.path("reported").path("fw").path("build").asInt()).isEqualTo(77);
        assertThat(rendered.path("desired").path("temp").asInt()).isEqualTo(20);
        assertThat(rendered.path("version").asLong()).isEqualTo(3);
    }

    @Test
    void aShadowValueThatIsAnObjectElsewhereBreaksNothing() {
        String flat = registeredThing();
        String nested = registeredThing();
        Fleet.send(
                Fleet.shadowUpdated(flat, null, 1, 1_000, "{\"reported\": {\"loc\": \"kitchen\"}}"),
                Fleet.shadowUpdated(
                        nested, null, 1, 1_000, "{\"reported\": {\"loc\": {\"lat\": 47.6, \"lon\": -122.3}}}"));

        fleet.awaitDocument(flat, doc -> doc.containsKey("shadow.reported.loc"));
        fleet.awaitDocument(nested, doc -> doc.containsKey("shadow.reported.loc.lat"));
        fleet.assertFinds(range("numeric.shadow.reported.loc.lat", 47, 48), List.of(flat, nested), nested);
        fleet.assertFinds(term("shadow.reported.loc", "KITCHEN"), List.of(flat, nested), flat);
    }

    @Test
    void namedShadowLandsUnderItsNameBesideTheClassicOne() {
        String name = registeredThing();
        Fleet.send(
                Fleet.shadowUpdated(name, null, 2, 1_000, "{\"reported\": {\"temp\": 30}}"),
                Fleet.shadowUpdated(
                        name, "ota", 7, 1_000, "{\"desired\": {\"url\": \"s3://fw/2\"}, \"reported\": {\"temp\": 5}}"));

        Map<String, Object> document = fleet.awaitDocument(
                name, doc -> doc.containsKey("shadow.name.ota.version") && doc.containsKey("shadow.version"));
        assertThat(document)
                .containsEntry("shadow.version", 2)
                .containsEntry("shadow.reported.temp", 30)
                .containsEntry("shadow.name.ota.version", 7)
                .containsEntry("shadow.name.ota.hasDelta", true)
                .containsEntry("shadow.name.ota.desired.url", "s3://fw/2")
                .containsEntry("numeric.shadow.name.ota.reported.temp", 5.0)
                .containsKey("shadowDocument.name.ota");
        // shadow.name.ota.reported.temp < 10 finds it; the classic shadow's temp does not mix in
        fleet.assertFinds(range("numeric.shadow.name.ota.reported.temp", 0, 10), List.of(name), name);
        fleet.assertFinds(range("numeric.shadow.reported.temp", 0, 10), List.of(name));

        Fleet.send(Fleet.shadowDeleted(name, "ota", 7, 1_001));
        document = fleet.awaitDocument(name, doc -> !doc.containsKey("shadow.name.ota.version"));
        assertThat(document).containsEntry("shadow.version", 2).doesNotContainKey("shadowDocument.name.ota");
        assertThat(document.keySet())
                .noneMatch(
                        field -> field.startsWith("shadow.name.ota.") || field.startsWith("numeric.shadow.name.ota."))
                .contains("sync.shadow.name.ota.version"); // the tombstone that keeps older updates out
    }

    @Test
    void olderShadowVersionsNeverRegress() {
        String name = registeredThing();
        Fleet.send(Fleet.shadowUpdated(name, null, 5, 1_000, "{\"reported\": {\"v\": 5}}"));
        fleet.awaitDocument(name, doc -> Integer.valueOf(5).equals(doc.get("shadow.version")));

        Fleet.send(
                Fleet.shadowUpdated(name, null, 4, 999, "{\"reported\": {\"v\": 4}}"),
                Fleet.shadowUpdated(name, null, 5, 1_000, "{\"reported\": {\"v\": 5}}"));
        fleet.barrier(ShadowEvents.SHADOW_TOPIC, name);

        assertThat(fleet.document(name).orElseThrow())
                .containsEntry("shadow.version", 5)
                .containsEntry("shadow.reported.v", 5);
    }

    @Test
    void deletedShadowStaysDeletedUntilANewerVersion() {
        String name = registeredThing();
        Fleet.send(
                Fleet.shadowUpdated(name, null, 5, 1_000, "{\"reported\": {\"v\": 5}}"),
                Fleet.shadowDeleted(name, null, 5, 1_001));
        fleet.awaitDocument(name, doc -> Boolean.TRUE.equals(doc.get("sync.shadow.deleted")));

        // the update that the deletion deleted, replayed
        Fleet.send(Fleet.shadowUpdated(name, null, 5, 1_000, "{\"reported\": {\"v\": 5}}"));
        fleet.barrier(ShadowEvents.SHADOW_TOPIC, name);
        assertThat(fleet.document(name).orElseThrow())
                .doesNotContainKeys("shadow.version", "shadow.reported.v", "shadowDocument.classic");

        // re-created within 48 hours: the version continues
        Fleet.send(Fleet.shadowUpdated(name, null, 6, 2_000, "{\"reported\": {\"v\": 6}}"));
        assertThat(fleet.awaitDocument(name, doc -> doc.containsKey("shadow.version")))
                .containsEntry("shadow.version", 6)
                .containsEntry("shadow.reported.v", 6);
    }

    @Test
    void shadowRecreatedAfterTheRetentionStartsOverAtVersionOne() {
        String name = registeredThing();
        long deletedAt = 1_000_000;
        Fleet.send(
                Fleet.shadowUpdated(name, null, 9, deletedAt - 5, "{\"reported\": {\"v\": 9}}"),
                Fleet.shadowDeleted(name, null, 9, deletedAt));
        fleet.awaitDocument(name, doc -> Boolean.TRUE.equals(doc.get("sync.shadow.deleted")));

        long later = deletedAt + Part.SHADOW_GENERATION_GAP_SECONDS + 1;
        Fleet.send(Fleet.shadowUpdated(name, null, 1, later, "{\"reported\": {\"v\": 1}}"));
        assertThat(fleet.awaitDocument(name, doc -> doc.containsKey("shadow.version")))
                .containsEntry("shadow.version", 1)
                .containsEntry("shadow.reported.v", 1);

        // the old generation, replayed, does not come back
        Fleet.send(Fleet.shadowUpdated(name, null, 8, deletedAt - 10, "{\"reported\": {\"v\": 8}}"));
        fleet.barrier(ShadowEvents.SHADOW_TOPIC, name);
        assertThat(fleet.document(name).orElseThrow()).containsEntry("shadow.version", 1);
    }

    @Test
    void shadowOfAnUnregisteredThingIsNotSearchableUntilTheThingExists() {
        String name = Fleet.uniqueName("sensor");
        Fleet.send(Fleet.shadowUpdated(name, null, 1, 1_000, "{\"reported\": {\"temp\": 40}}"));
        fleet.awaitDocument(name, doc -> doc.containsKey("shadow.version"));
        Query hot = range("numeric.shadow.reported.temp", 39, 41);
        fleet.assertFinds(hot, List.of(name));

        Fleet.send(Fleet.thing(CREATED, name, 1, 10, Map.of()));
        fleet.awaitDocument(name, doc -> Boolean.TRUE.equals(doc.get("live")));
        fleet.assertFinds(hot, List.of(name), name);

        // the registry deletes things, not shadows: the shadow part stays and shows again on re-creation
        Fleet.send(Fleet.thing(DELETED, name, 1, 11, Map.of()));
        fleet.awaitDocument(name, doc -> Boolean.FALSE.equals(doc.get("live")));
        fleet.assertFinds(hot, List.of(name));
        Fleet.send(Fleet.thing(CREATED, name, 1, 12, Map.of()));
        fleet.awaitDocument(name, doc -> Boolean.TRUE.equals(doc.get("live")));
        fleet.assertFinds(hot, List.of(name), name);
    }
}

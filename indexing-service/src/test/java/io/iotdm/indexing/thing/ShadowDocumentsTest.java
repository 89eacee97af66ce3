package io.iotdm.indexing.thing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.junit.jupiter.api.Test;

class ShadowDocumentsTest {

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private static final String DOCUMENTS =
            """
            {"previous":null,
             "current":{"state":{"desired":{"mode":"eco","temp":20},
                                 "reported":{"mode":"eco","temp":21.5,"list":[{"a":1}],"cfg":{"x":1,"y":[1,2]}}},
                        "metadata":{"desired":{"mode":{"timestamp":5},"temp":{"timestamp":5}},
                                    "reported":{"mode":{"timestamp":6},"temp":{"timestamp":6},
                                                "list":[{"a":{"timestamp":6}}],
                                                "cfg":{"x":{"timestamp":6},"y":[{"timestamp":6},{"timestamp":6}]}}},
                        "version":4},
             "timestamp":6,"clientToken":"t"}""";

    @Test
    void classicShadowFields() throws Exception {
        PartUpdate update = ShadowDocuments.updated("t1", null, 4, JSON.readTree(DOCUMENTS));
        assertThat(update.version()).isEqualTo(new PartVersion(4, 6, false));
        assertThat(update.part().sync()).isEqualTo("sync.shadow.");
        assertThat(update.fields())
                .containsEntry("thingName", "t1")
                .containsEntry("shadow.version", 4L)
                .containsEntry("shadow.hasDelta", true)
                .containsEntry("shadow.desired.mode", "eco")
                .containsEntry("shadow.reported.mode", "eco")
                .containsEntry("numeric.shadow.reported.temp", 21.5)
                .containsEntry("numeric.shadow.reported.cfg.x", 1.0)
                .containsEntry("numeric.shadow.delta.temp", 20.0)
                .doesNotContainKeys("shadow.reported.list", "shadow.delta.mode");
    }

    @Test
    void renderedShadowDropsArraysOfObjectsAndTheirMetadata() throws Exception {
        PartUpdate update = ShadowDocuments.updated("t1", null, 4, JSON.readTree(DOCUMENTS));
        JsonNode rendered = JSON.readTree((String) update.fields().get("shadowDocument.classic"));
        assertThat(rendered.path("reported").has("list")).isFalse();
        assertThat(rendered.path("metadata").path("reported").has("list")).isFalse();
        assertThat(rendered.path("metadata")
                        .path("reported")
                        .path("cfg")
                        .path("y")
                        .size())
                .isEqualTo(2);
        assertThat(rendered.path("reported").path("temp").decimalValue()).isEqualByComparingTo("21.5");
        assertThat(rendered.path("hasDelta").booleanValue()).isTrue();
        assertThat(rendered.path("version").longValue()).isEqualTo(4);
        assertThat(rendered.path("timestamp").longValue()).isEqualTo(6);
    }

    @Test
    void namedShadowFieldsLiveUnderItsName() throws Exception {
        PartUpdate update = ShadowDocuments.updated("t1", "cfg", -1, JSON.readTree(DOCUMENTS));
        assertThat(update.version().version()).isEqualTo(4);
        assertThat(update.part().sync()).isEqualTo("sync.shadow.name.cfg.");
        assertThat(update.fields())
                .containsEntry("shadow.name.cfg.version", 4L)
                .containsEntry("shadow.name.cfg.hasDelta", true)
                .containsEntry("numeric.shadow.name.cfg.reported.temp", 21.5)
                .containsKey("shadowDocument.name.cfg")
                .doesNotContainKeys("shadow.reported.mode", "shadow.name.cfg.delta.temp");
    }

    @Test
    void deletionCarriesTheDeletedVersion() throws Exception {
        PartUpdate update = ShadowDocuments.deleted("t1", null, -1, JSON.readTree("{\"version\":9,\"timestamp\":77}"));
        assertThat(update.version()).isEqualTo(new PartVersion(9, 77, true));
        assertThat(update.fields()).containsOnlyKeys("thingName");
    }

    @Test
    void deltaComparesNumbersByValue() throws Exception {
        JsonNode desired = JSON.readTree("{\"a\":1,\"b\":{\"c\":2,\"d\":3},\"e\":[1,2]}");
        JsonNode reported = JSON.readTree("{\"a\":1.0,\"b\":{\"c\":2,\"d\":4},\"e\":[1,2]}");
        assertThat(ShadowDelta.of(desired, reported).toString()).isEqualTo("{\"b\":{\"d\":3}}");
        assertThat(ShadowDelta.of(desired, null).size()).isEqualTo(3);
        assertThat(ShadowDelta.of(null, reported).isEmpty()).isTrue();
    }
}

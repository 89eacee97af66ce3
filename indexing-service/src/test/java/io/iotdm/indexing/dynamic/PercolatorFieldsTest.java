package io.iotdm.indexing.dynamic;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The field names of translated queries and thing documents on the percolator side, and the stored result. */
class PercolatorFieldsTest {

    private static JsonNode json(String text) throws Exception {
        return Engine.JSON.readTree(text);
    }

    @Test
    void theFieldsAQueryNamesAreCollectedAndRespelt() throws Exception {
        JsonNode query = json(
                """
                {"bool":{"filter":[
                  {"term":{"attributes.color":{"value":"red","case_insensitive":true}}},
                  {"range":{"numeric.shadow.reported.temp":{"gt":30.0}}},
                  {"bool":{"should":[{"exists":{"field":"shadow.reported.loc"}},{"exists":{"field":"shadow.reported.loc.*"}}]}},
                  {"multi_match":{"query":"x","fields":["attributes.*"],"lenient":true}},
                  {"prefix":{"thingName":{"value":"ab","case_insensitive":true}}}]}}""");
        Set<String> fields = new TreeSet<>();
        GroupQueries.collect(query, fields);
        assertThat(fields)
                .containsExactly(
                        "attributes.color", "numeric.shadow.reported.temp", "shadow.reported.loc", "thingName");

        String respelt = GroupQueries.percolatorFields(query).toString();
        assertThat(respelt)
                .doesNotContain("attributes.color")
                .contains(PercolatorIndex.field("attributes.color"))
                .contains(PercolatorIndex.field("numeric.shadow.reported.temp"))
                .contains(PercolatorIndex.field("shadow.reported.loc.*"))
                .contains(PercolatorIndex.field("attributes.*"))
                .contains("\"value\":\"red\""); // values stay as they are
    }

    @Test
    void aQueryReadsMembershipsWhenItNamesThingGroupNamesOrSearchesFieldPatterns() throws Exception {
        assertThat(reads("{\"term\":{\"attributes.color\":{\"value\":\"red\"}}}"))
                .isFalse();
        assertThat(reads("{\"term\":{\"attributes.thingGroupNamesX\":{\"value\":\"a\"}}}"))
                .isFalse();
        assertThat(reads("{\"bool\":{\"filter\":[{\"term\":{\"thingGroupNames\":{\"value\":\"g\"}}}]}}"))
                .isTrue();
        assertThat(reads("{\"multi_match\":{\"query\":\"x\",\"fields\":[\"attributes.*\"]}}"))
                .isTrue();
    }

    private static boolean reads(String query) throws Exception {
        JsonNode json = json(query);
        return new GroupQueries.Translated(json, GroupQueries.percolatorFields(json), Set.of()).readsMemberships();
    }

    @Test
    void aThingDocumentIsRespeltFieldByField() throws Exception {
        JsonNode document = PercolatorIndex.document(json("{\"attributes.a.b\":\"1\",\"live\":true}"));
        assertThat(document.has(PercolatorIndex.field("attributes.a.b"))).isTrue();
        assertThat(document.path("live").asBoolean()).isTrue();
        assertThat(document.size()).isEqualTo(2);
    }

    @Test
    void storedResultsRoundTripAndFingerprintsIgnoreOrder() throws Exception {
        StoredResult result =
                new StoredResult(StoredResult.fingerprint(Map.of("a", 1L, "b", 2L)), false, Map.of("a", 1L));
        JsonNode document = Engine.JSON.createObjectNode().put(StoredResult.FIELD, result.toJson());
        assertThat(StoredResult.of(document)).isEqualTo(result);
        assertThat(StoredResult.fingerprint(new java.util.LinkedHashMap<>(Map.of("b", 2L, "a", 1L))))
                .isEqualTo(result.fingerprint())
                .isNotEqualTo(StoredResult.fingerprint(Map.of("a", 1L, "b", 3L)));
        assertThat(StoredResult.of(Engine.JSON.createObjectNode())).isNull();
    }

    @Test
    void generationsComeFromThePhysicalIndexName() {
        assertThat(IndexedThing.generation("aws_things_v12")).isEqualTo(12);
        assertThat(IndexedThing.generation("other")).isZero();
    }
}

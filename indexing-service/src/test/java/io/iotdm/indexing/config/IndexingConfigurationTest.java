package io.iotdm.indexing.config;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.iotdm.indexing.IndexingTestResource;
import io.iotdm.indexing.ThingIndexSettled;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * UpdateIndexingConfiguration, GetIndexingConfiguration, DescribeIndex, ListIndices, and the configuration's effect
 * on queries. The configuration is global to the service, and the other test classes expect the default: every test
 * puts it back ({@link #restoreTheDefault}), and the cache TTL is 0 in tests, so no other class can see a change.
 */
@QuarkusTest
@IndexingTestResource
class IndexingConfigurationTest {

    @Inject
    IndexingConfigurationStore store;

    @BeforeEach
    void waitForTheIndex() {
        store.reset();
        ThingIndexSettled.await();
    }

    @AfterEach
    void restoreTheDefault() {
        store.reset();
        ThingIndexSettled.await(); // the other test classes expect the default's index
    }

    // ---- the default ----

    @Test
    void theDefaultIsEverythingIndexed() {
        JsonPath config = getConfiguration();
        assertThat(config.getString("thingIndexingConfiguration.thingIndexingMode"))
                .isEqualTo("REGISTRY_AND_SHADOW");
        assertThat(config.getString("thingIndexingConfiguration.thingConnectivityIndexingMode"))
                .isEqualTo("STATUS");
        assertThat(config.getString("thingIndexingConfiguration.namedShadowIndexingMode"))
                .isEqualTo("ON");
        assertThat(config.getString("thingIndexingConfiguration.deviceDefenderIndexingMode"))
                .isEqualTo("OFF");
        assertThat(config.getList("thingIndexingConfiguration.customFields")).isEmpty();
        assertThat(config.getMap("thingIndexingConfiguration.filter")).isNull();
        assertThat(managed(config, "thingIndexingConfiguration"))
                .containsEntry("thingName", "String")
                .containsEntry("registry.version", "Number")
                .containsEntry("shadow.hasDelta", "Boolean")
                .containsEntry("shadow.name.*.version", "Number")
                .containsEntry("connectivity.connected", "Boolean")
                .doesNotContainKey("deviceDefender.violationCount");
        assertThat(config.getString("thingGroupIndexingConfiguration.thingGroupIndexingMode"))
                .isEqualTo("OFF");
        assertThat(config.getList("thingGroupIndexingConfiguration.managedFields"))
                .isEmpty();

        describe("AWS_Things")
                .then()
                .statusCode(200)
                .body("indexName", equalTo("AWS_Things"))
                .body("indexStatus", equalTo("ACTIVE"))
                .body("schema", equalTo("MULTI_INDEXING_MODE"));
        assertThat(listIndices("").then().statusCode(200).extract().jsonPath().getList("indexNames"))
                .containsExactly("AWS_Things");
        search("shadow.name.cfg.desired.filament:* AND connectivity.connected:false")
                .then()
                .statusCode(200);
    }

    // ---- update → get ----

    @Test
    void anUpdateIsWhatGetReports() {
        update(
                        """
                {"thingIndexingConfiguration": {
                   "thingIndexingMode": "REGISTRY_AND_SHADOW", "namedShadowIndexingMode": "ON",
                   "managedFields": [{"name": "thingName", "type": "Number"}],
                   "customFields": [{"name": "attributes.color", "type": "String"},
                                    {"name": "shadow.reported.temp", "type": "Number"},
                                    {"name": "shadow.name.cfg.desired.filament", "type": "String"}],
                   "filter": {"namedShadowNames": ["cfg"]}},
                 "thingGroupIndexingConfiguration": {"thingGroupIndexingMode": "ON",
                   "customFields": [{"name": "attributes.site", "type": "String"}]}}""")
                .then()
                .statusCode(200);

        JsonPath config = getConfiguration();
        assertThat(config.getString("thingIndexingConfiguration.thingIndexingMode"))
                .isEqualTo("REGISTRY_AND_SHADOW");
        assertThat(config.getString("thingIndexingConfiguration.thingConnectivityIndexingMode"))
                .isEqualTo("OFF");
        assertThat(config.getString("thingIndexingConfiguration.namedShadowIndexingMode"))
                .isEqualTo("ON");
        assertThat(config.getList("thingIndexingConfiguration.customFields"))
                .containsExactly(
                        Map.of("name", "attributes.color", "type", "String"),
                        Map.of("name", "shadow.reported.temp", "type", "Number"),
                        Map.of("name", "shadow.name.cfg.desired.filament", "type", "String"));
        assertThat(config.getList("thingIndexingConfiguration.filter.namedShadowNames"))
                .containsExactly("cfg");
        // managed fields are read-only: what the request said about them is ignored
        assertThat(managed(config, "thingIndexingConfiguration"))
                .containsEntry("thingName", "String")
                .containsEntry("shadow.name.*.hasDelta", "Boolean")
                .doesNotContainKey("connectivity.connected");
        assertThat(config.getString("thingGroupIndexingConfiguration.thingGroupIndexingMode"))
                .isEqualTo("ON");
        assertThat(managed(config, "thingGroupIndexingConfiguration"))
                .containsOnlyKeys("description", "parentGroupNames", "thingGroupId", "thingGroupName", "version");
        assertThat(config.getList("thingGroupIndexingConfiguration.customFields"))
                .containsExactly(Map.of("name", "attributes.site", "type", "String"));

        // group indexing ON: AWS_ThingGroups exists
        describe("AWS_ThingGroups")
                .then()
                .statusCode(200)
                .body("indexName", equalTo("AWS_ThingGroups"))
                .body("indexStatus", equalTo("ACTIVE"))
                .body("schema", equalTo("REGISTRY"));
        assertThat(listIndices("").then().statusCode(200).extract().jsonPath().getList("indexNames"))
                .containsExactly("AWS_ThingGroups", "AWS_Things");

        // a member left out keeps its value; customFields replace the whole list
        update(
                        """
                {"thingIndexingConfiguration": {"thingIndexingMode": "REGISTRY",
                   "customFields": [{"name": "attributes.weight", "type": "Number"}]}}""")
                .then()
                .statusCode(200);
        config = getConfiguration();
        assertThat(config.getList("thingIndexingConfiguration.customFields"))
                .containsExactly(Map.of("name", "attributes.weight", "type", "Number"));
        assertThat(config.getString("thingIndexingConfiguration.namedShadowIndexingMode"))
                .isEqualTo("OFF");
        assertThat(managed(config, "thingIndexingConfiguration")).doesNotContainKey("shadow.version");
        assertThat(config.getString("thingGroupIndexingConfiguration.thingGroupIndexingMode"))
                .isEqualTo("ON");
    }

    // ---- validation ----

    @Test
    void invalidConfigurationsAreRefusedAndChangeNothing() {
        invalid(
                """
                {"thingIndexingConfiguration": {"thingIndexingMode": "REGISTRY",
                   "customFields": [{"name": "shadow.reported.temp", "type": "Number"}]}}""",
                "shadow.reported.temp");
        invalid(
                """
                {"thingIndexingConfiguration": {"thingIndexingMode": "REGISTRY_AND_SHADOW",
                   "customFields": [{"name": "shadow.name.cfg.reported.temp", "type": "Number"}]}}""",
                "shadow.name.cfg.reported.temp");
        invalid(
                """
                {"thingIndexingConfiguration": {"thingIndexingMode": "REGISTRY_AND_SHADOW",
                   "customFields": [{"name": "thingName", "type": "String"}]}}""",
                "Managed field thingName");
        invalid(
                """
                {"thingIndexingConfiguration": {"thingIndexingMode": "REGISTRY_AND_SHADOW",
                   "customFields": [{"name": "shadow.hasDelta", "type": "Boolean"}]}}""",
                "Managed field shadow.hasDelta");
        invalid(
                """
                {"thingIndexingConfiguration": {"thingIndexingMode": "REGISTRY",
                   "customFields": [{"name": "attributes.a b", "type": "String"}]}}""",
                "attributes.a b");
        invalid(
                """
                {"thingIndexingConfiguration": {"thingIndexingMode": "REGISTRY",
                   "customFields": [{"name": "registry.foo", "type": "String"}]}}""",
                "registry.foo");
        invalid(
                """
                {"thingIndexingConfiguration": {"thingIndexingMode": "REGISTRY", "namedShadowIndexingMode": "ON"}}""",
                "REGISTRY_AND_SHADOW");
        String eleven =
                IntStream.rangeClosed(1, 11).mapToObj(i -> "\"s" + i + "\"").collect(Collectors.joining(","));
        invalid(
                "{\"thingIndexingConfiguration\": {\"thingIndexingMode\": \"REGISTRY_AND_SHADOW\","
                        + " \"namedShadowIndexingMode\": \"ON\", \"filter\": {\"namedShadowNames\": [" + eleven
                        + "]}}}",
                "limit of 10");
        // the model's validation, from the shared route
        invalid(
                "{\"thingIndexingConfiguration\": {\"thingIndexingMode\": \"EVERYTHING\"}}",
                "Value 'EVERYTHING' at 'thingIndexingConfiguration.thingIndexingMode' failed to satisfy constraint:"
                        + " Member must satisfy enum value set: [OFF, REGISTRY, REGISTRY_AND_SHADOW]");
        update("{\"thingIndexingConfiguration\": {\"thingConnectivityIndexingMode\": \"STATUS\"}}")
                .then()
                .statusCode(400)
                .header("x-amzn-ErrorType", containsString("InvalidRequestException"));

        assertThat(getConfiguration().getString("thingIndexingConfiguration.thingIndexingMode"))
                .isEqualTo("REGISTRY_AND_SHADOW");
        assertThat(getConfiguration().getList("thingIndexingConfiguration.customFields"))
                .isEmpty();
    }

    // ---- the effect on queries ----

    @Test
    void offDisablesTheIndex() {
        update("{\"thingIndexingConfiguration\": {\"thingIndexingMode\": \"OFF\"}}")
                .then()
                .statusCode(200);
        search("thingName:*").then().statusCode(404).header("x-amzn-ErrorType", containsString("ResourceNotFound"));
        given().contentType(ContentType.JSON)
                .body("{\"indexName\": \"AWS_Things\", \"queryString\": \"*\"}")
                .post("/indices/statistics")
                .then()
                .statusCode(404)
                .header("x-amzn-ErrorType", containsString("ResourceNotFound"));
        describe("AWS_Things").then().statusCode(404).header("x-amzn-ErrorType", containsString("ResourceNotFound"));
        listIndices("")
                .then()
                .statusCode(200)
                .body("indexNames.size()", equalTo(0))
                .body("nextToken", nullValue());
        JsonPath config = getConfiguration();
        assertThat(config.getString("thingIndexingConfiguration.thingIndexingMode"))
                .isEqualTo("OFF");
        assertThat(config.getList("thingIndexingConfiguration.managedFields")).isEmpty();
    }

    @Test
    void registryOnlyRefusesShadowAndConnectivityFields() {
        update("{\"thingIndexingConfiguration\": {\"thingIndexingMode\": \"REGISTRY\"}}")
                .then()
                .statusCode(200);
        search("thingName:x*").then().statusCode(200);
        search("shadow.reported.temp:1")
                .then()
                .statusCode(400)
                .header("x-amzn-ErrorType", containsString("InvalidQueryException"))
                .body(
                        "message",
                        equalTo("Unable to parse query, invalid field name, field name: shadow.reported.temp,"
                                + " query string: shadow.reported.temp:1"));
        search("connectivity.connected:true")
                .then()
                .statusCode(400)
                .header("x-amzn-ErrorType", containsString("InvalidQueryException"));
        given().contentType(ContentType.JSON)
                .body(
                        "{\"indexName\": \"AWS_Things\", \"queryString\": \"*\", \"aggregationField\": \"shadow.version\"}")
                .post("/indices/statistics")
                .then()
                .statusCode(400)
                .header("x-amzn-ErrorType", containsString("InvalidAggregationException"));
        describe("AWS_Things").then().statusCode(200).body("schema", equalTo("REGISTRY"));

        update("{\"thingIndexingConfiguration\": {\"thingIndexingMode\": \"REGISTRY\","
                        + " \"thingConnectivityIndexingMode\": \"STATUS\"}}")
                .then()
                .statusCode(200);
        search("connectivity.connected:true").then().statusCode(200);
        describe("AWS_Things").then().statusCode(200).body("schema", equalTo("REGISTRY_AND_CONNECTIVITY_STATUS"));
    }

    @Test
    void namedShadowFieldsFollowTheModeAndTheFilter() {
        update(
                        """
                {"thingIndexingConfiguration": {"thingIndexingMode": "REGISTRY_AND_SHADOW",
                   "namedShadowIndexingMode": "ON", "filter": {"namedShadowNames": ["cfg"]}}}""")
                .then()
                .statusCode(200);
        search("shadow.name.cfg.desired.filament:PLA").then().statusCode(200);
        search("shadow.name.other.desired.filament:PLA")
                .then()
                .statusCode(400)
                .header("x-amzn-ErrorType", containsString("InvalidQueryException"))
                .body("message", containsString("field name: shadow.name.other.desired.filament"));
        describe("AWS_Things").then().statusCode(200).body("schema", equalTo("MULTI_INDEXING_MODE"));

        update(
                        """
                {"thingIndexingConfiguration": {"thingIndexingMode": "REGISTRY_AND_SHADOW",
                   "thingConnectivityIndexingMode": "STATUS"}}""")
                .then()
                .statusCode(200);
        search("shadow.reported.temp:1").then().statusCode(200);
        search("shadow.name.cfg.desired.filament:PLA").then().statusCode(400);
        describe("AWS_Things")
                .then()
                .statusCode(200)
                .body("schema", equalTo("REGISTRY_AND_SHADOW_AND_CONNECTIVITY_STATUS"));

        update("{\"thingIndexingConfiguration\": {\"thingIndexingMode\": \"REGISTRY_AND_SHADOW\"}}")
                .then()
                .statusCode(200);
        describe("AWS_Things").then().statusCode(200).body("schema", equalTo("REGISTRY_AND_SHADOW"));
    }

    // ---- DescribeIndex, ListIndices ----

    @Test
    void unknownIndicesAndPages() {
        describe("AWS_ThingGroups")
                .then()
                .statusCode(404)
                .header("x-amzn-ErrorType", containsString("ResourceNotFound"));
        describe("nope").then().statusCode(404).body("message", equalTo("Index nope does not exist"));
        listIndices("?maxResults=1")
                .then()
                .statusCode(200)
                .body("indexNames", equalTo(List.of("AWS_Things")))
                .body("nextToken", nullValue());
        listIndices("?nextToken=forged")
                .then()
                .statusCode(400)
                .header("x-amzn-ErrorType", containsString("InvalidRequest"));
        listIndices("?maxResults=0")
                .then()
                .statusCode(400)
                .header("x-amzn-ErrorType", containsString("InvalidRequest"));
        listIndices("?maxResults=501")
                .then()
                .statusCode(400)
                .header("x-amzn-ErrorType", containsString("InvalidRequest"));
    }

    // ---- helpers ----

    /** UpdateIndexingConfiguration; once it is taken, waits for any rebuild it causes. */
    private static Response update(String body) {
        Response response = given().contentType(ContentType.JSON).body(body).post("/indexing/config");
        if (response.statusCode() == 200) {
            ThingIndexSettled.await();
        }
        return response;
    }

    private static void invalid(String body, String message) {
        update(body)
                .then()
                .statusCode(400)
                .header("x-amzn-ErrorType", containsString("InvalidRequestException"))
                .body("message", containsString(message));
    }

    private static JsonPath getConfiguration() {
        return given().get("/indexing/config").then().statusCode(200).extract().jsonPath();
    }

    private static Map<String, String> managed(JsonPath config, String configuration) {
        List<Map<String, String>> fields = config.getList(configuration + ".managedFields");
        return fields.stream().collect(Collectors.toMap(f -> f.get("name"), f -> f.get("type")));
    }

    private static Response describe(String indexName) {
        return given().get("/indices/" + indexName);
    }

    private static Response listIndices(String query) {
        return given().get("/indices" + query);
    }

    private static Response search(String queryString) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("indexName", "AWS_Things", "queryString", queryString, "maxResults", 1))
                .post("/indices/search");
    }
}

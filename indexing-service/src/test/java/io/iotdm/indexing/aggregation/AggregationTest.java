package io.iotdm.indexing.aggregation;

import static io.iotdm.events.RegistryEvents.Change.CREATED;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.hamcrest.Matchers.containsString;

import io.iotdm.indexing.Fleet;
import io.iotdm.indexing.IndexingTestResource;
import io.iotdm.indexing.index.ThingIndex;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.path.json.config.JsonPathConfig;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opensearch.client.opensearch.OpenSearchClient;

/**
 * The aggregations over HTTP on a small fleet indexed from Kafka events, every query limited to this run's things by
 * their {@code fleet} attribute. registry.version 1, 2, 3, 6; weight 10, 20, 30, "heavy"; color red, red, blue,
 * green; shadow.hasDelta true, false, true (the fourth thing has no shadow).
 */
@QuarkusTest
@IndexingTestResource
class AggregationTest {

    private static final String P = "g" + UUID.randomUUID().toString().substring(0, 8);
    private static final String MINE = "attributes.fleet:" + P;
    private static final String NONE = MINE + " AND thingName:nothing-matches";

    private static boolean indexed;

    @Inject
    OpenSearchClient client;

    @BeforeEach
    void indexTheFleet() throws Exception {
        if (indexed) {
            return;
        }
        Fleet fleet = new Fleet(client);
        Fleet.send(
                Fleet.thing(CREATED, P + "-1", 1, 1, Map.of("fleet", P, "weight", "10", "color", "red")),
                Fleet.thing(CREATED, P + "-2", 2, 2, Map.of("fleet", P, "weight", "20", "color", "red")),
                Fleet.thing(CREATED, P + "-3", 3, 3, Map.of("fleet", P, "weight", "30", "color", "blue")),
                Fleet.thing(CREATED, P + "-4", 6, 4, Map.of("fleet", P, "weight", "heavy", "color", "green")),
                Fleet.shadowUpdated(
                        P + "-1", null, 1, 1_700_000_000, "{\"desired\":{\"temp\":22},\"reported\":{\"temp\":20}}"),
                Fleet.shadowUpdated(
                        P + "-2", null, 1, 1_700_000_000, "{\"desired\":{\"temp\":20},\"reported\":{\"temp\":20}}"),
                Fleet.shadowUpdated(
                        P + "-3", null, 1, 1_700_000_000, "{\"desired\":{\"temp\":5},\"reported\":{\"temp\":6}}"));
        for (int i = 1; i <= 3; i++) {
            fleet.awaitDocument(P + "-" + i, doc -> doc.containsKey("shadow.hasDelta") && doc.containsKey("live"));
        }
        fleet.awaitDocument(P + "-4", doc -> doc.containsKey("live"));
        client.indices().refresh(refresh -> refresh.index(ThingIndex.ALIAS));
        indexed = true;
    }

    private static Response post(String path, Map<String, Object> body) {
        return given().contentType(ContentType.JSON).body(body).post(path);
    }

    private static Map<String, Object> body(String query, String field) {
        Map<String, Object> body = new HashMap<>();
        body.put("queryString", query);
        if (field != null) {
            body.put("aggregationField", field);
        }
        return body;
    }

    private static JsonPath ok(String path, Map<String, Object> body) {
        // doubles, not RestAssured's default floats
        return new JsonPath(post(path, body).then().statusCode(200).extract().asString())
                .using(new JsonPathConfig(JsonPathConfig.NumberReturnType.DOUBLE));
    }

    private static void fails(String path, Map<String, Object> body, int status, String error) {
        post(path, body).then().statusCode(status).header("x-amzn-ErrorType", containsString(error));
    }

    // ---- GetStatistics ----

    @Test
    void statisticsOfRegistryVersionByDefault() {
        JsonPath json = ok("/indices/statistics", body(MINE, null));
        assertThat(json.getInt("statistics.count")).isEqualTo(4);
        assertThat(json.getDouble("statistics.sum")).isEqualTo(12.0);
        assertThat(json.getDouble("statistics.average")).isEqualTo(3.0);
        assertThat(json.getDouble("statistics.minimum")).isEqualTo(1.0);
        assertThat(json.getDouble("statistics.maximum")).isEqualTo(6.0);
        assertThat(json.getDouble("statistics.sumOfSquares")).isEqualTo(50.0);
        assertThat(json.getDouble("statistics.variance")).isCloseTo(3.5, within(1e-9));
        assertThat(json.getDouble("statistics.stdDeviation")).isCloseTo(Math.sqrt(3.5), within(1e-9));
    }

    @Test
    void statisticsOfANumberAttributeIgnoreValuesThatAreNotNumbers() {
        JsonPath json = ok("/indices/statistics", body(MINE, "attributes.weight"));
        assertThat(json.getInt("statistics.count")).isEqualTo(3);
        assertThat(json.getDouble("statistics.sum")).isEqualTo(60.0);
        assertThat(json.getDouble("statistics.average")).isEqualTo(20.0);
        assertThat(json.getDouble("statistics.minimum")).isEqualTo(10.0);
        assertThat(json.getDouble("statistics.maximum")).isEqualTo(30.0);
        assertThat(json.getDouble("statistics.sumOfSquares")).isEqualTo(1400.0);
        assertThat(json.getDouble("statistics.variance")).isCloseTo(200.0 / 3, within(1e-9));
        assertThat(json.getDouble("statistics.stdDeviation")).isCloseTo(Math.sqrt(200.0 / 3), within(1e-9));
    }

    @Test
    void statisticsOfAStringFieldAreTheCountOnly() {
        JsonPath json = ok("/indices/statistics", body(MINE, "attributes.color"));
        assertThat(json.getMap("statistics")).containsOnlyKeys("count");
        assertThat(json.getInt("statistics.count")).isEqualTo(4);
    }

    @Test
    void statisticsOfABooleanCountTrueAsOne() {
        JsonPath json = ok("/indices/statistics", body(MINE, "shadow.hasDelta"));
        assertThat(json.getInt("statistics.count")).isEqualTo(3);
        assertThat(json.getDouble("statistics.sum")).isEqualTo(2.0);
        assertThat(json.getDouble("statistics.average")).isCloseTo(2.0 / 3, within(1e-9));
        assertThat(json.getDouble("statistics.minimum")).isEqualTo(0.0);
        assertThat(json.getDouble("statistics.maximum")).isEqualTo(1.0);
    }

    @Test
    void statisticsOfNothingAreACountOfZero() {
        JsonPath json = ok("/indices/statistics", body(NONE, "attributes.weight"));
        assertThat(json.getMap("statistics")).containsOnlyKeys("count");
        assertThat(json.getInt("statistics.count")).isZero();
    }

    // ---- GetCardinality ----

    @Test
    void cardinalityCountsDistinctStoredValues() {
        assertThat(ok("/indices/cardinality", body(MINE, "attributes.color")).getInt("cardinality"))
                .isEqualTo(3);
        assertThat(ok("/indices/cardinality", body(MINE, "attributes.weight")).getInt("cardinality"))
                .isEqualTo(4);
        assertThat(ok("/indices/cardinality", body(MINE, "thingName")).getInt("cardinality"))
                .isEqualTo(4);
        assertThat(ok("/indices/cardinality", body(NONE, "attributes.color")).getInt("cardinality"))
                .isZero();
    }

    // ---- GetPercentiles ----

    @Test
    void percentilesOfANumberField() {
        Map<String, Object> body = body(MINE, "attributes.weight");
        body.put("percents", List.of(50));
        JsonPath json = ok("/indices/percentiles", body);
        assertThat(json.getList("percentiles")).hasSize(1);
        assertThat(json.getDouble("percentiles[0].percent")).isEqualTo(50.0);
        assertThat(json.getDouble("percentiles[0].value")).isCloseTo(20.0, within(1e-9));

        JsonPath defaults = ok("/indices/percentiles", body(MINE, "attributes.weight"));
        assertThat(defaults.getList("percentiles.percent", Double.class))
                .containsExactly(1.0, 5.0, 25.0, 50.0, 75.0, 95.0, 99.0);
        assertThat(defaults.getList("percentiles.value", Double.class))
                .allSatisfy(value -> assertThat(value).isBetween(10.0, 30.0));
    }

    @Test
    void percentilesOfNothingAreEmpty() {
        assertThat(ok("/indices/percentiles", body(NONE, "attributes.weight")).getList("percentiles"))
                .isEmpty();
    }

    @Test
    void percentilesOfAStringFieldAreAnInvalidAggregation() {
        fails("/indices/percentiles", body(MINE, "attributes.color"), 400, "InvalidAggregationException");
    }

    // ---- GetBucketsAggregation ----

    private static Map<String, Object> buckets(String query, String field, Integer maxBuckets) {
        Map<String, Object> body = body(query, field);
        body.put(
                "bucketsAggregationType",
                Map.of("termsAggregation", maxBuckets == null ? Map.of() : Map.of("maxBuckets", maxBuckets)));
        return body;
    }

    @Test
    void bucketsMostFrequentFirst() {
        JsonPath json = ok("/indices/buckets", buckets(MINE, "attributes.color", null));
        assertThat(json.getInt("totalCount")).isEqualTo(4);
        assertThat(json.getList("buckets.keyValue", String.class)).containsExactly("red", "blue", "green");
        assertThat(json.getList("buckets.count", Double.class)).containsExactly(2.0, 1.0, 1.0);
    }

    @Test
    void bucketsStopAtMaxBuckets() {
        JsonPath json = ok("/indices/buckets", buckets(MINE, "attributes.color", 1));
        assertThat(json.getInt("totalCount")).isEqualTo(4);
        assertThat(json.getList("buckets.keyValue", String.class)).containsExactly("red");
        assertThat(json.getList("buckets.count", Double.class)).containsExactly(2.0);
        fails("/indices/buckets", buckets(MINE, "attributes.color", 0), 400, "InvalidRequestException");
        fails("/indices/buckets", buckets(MINE, "attributes.color", 10001), 400, "InvalidRequestException");
    }

    @Test
    void bucketsOfABooleanAndANumber() {
        JsonPath delta = ok("/indices/buckets", buckets(MINE, "shadow.hasDelta", null));
        assertThat(delta.getInt("totalCount")).isEqualTo(3);
        assertThat(delta.getList("buckets.keyValue", String.class)).containsExactly("true", "false");
        assertThat(delta.getList("buckets.count", Double.class)).containsExactly(2.0, 1.0);
        JsonPath version = ok("/indices/buckets", buckets(MINE, "registry.version", 2));
        assertThat(version.getInt("totalCount")).isEqualTo(4);
        assertThat(version.getList("buckets.keyValue", String.class)).containsExactly("1", "2");
    }

    @Test
    void bucketsOfNothing() {
        JsonPath json = ok("/indices/buckets", buckets(NONE, "attributes.color", 5));
        assertThat(json.getInt("totalCount")).isZero();
        assertThat(json.getList("buckets")).isEmpty();
    }

    // ---- errors ----

    @Test
    void aFieldAwsDoesNotKnowIsAnInvalidAggregation() {
        fails("/indices/statistics", body(MINE, "nosuch.field"), 400, "InvalidAggregationException");
        fails("/indices/cardinality", body(MINE, "live"), 400, "InvalidAggregationException");
        fails("/indices/percentiles", body(MINE, "numeric.attributes.weight"), 400, "InvalidAggregationException");
        fails("/indices/buckets", buckets(MINE, "sync.registry", 5), 400, "InvalidAggregationException");
    }

    @Test
    void aBadQueryIsAnInvalidQueryException() {
        fails("/indices/statistics", body("nosuch:1", null), 400, "InvalidQueryException");
        fails("/indices/cardinality", body("attributes.color:(red", "attributes.color"), 400, "InvalidQueryException");
        fails("/indices/percentiles", body("nosuch:1", "attributes.weight"), 400, "InvalidQueryException");
        fails("/indices/buckets", buckets("nosuch:1", "attributes.color", 5), 400, "InvalidQueryException");
    }

    @Test
    void theThingGroupIndexDoesNotExist() {
        Map<String, Object> body = body("*", null);
        body.put("indexName", "AWS_ThingGroups");
        fails("/indices/statistics", body, 404, "ResourceNotFoundException");
        fails("/indices/cardinality", body, 404, "ResourceNotFoundException");
    }

    @Test
    void matchAllCountsTheWholeFleet() {
        assertThat(ok("/indices/statistics", body("*", null)).getInt("statistics.count"))
                .isGreaterThanOrEqualTo(4);
    }
}

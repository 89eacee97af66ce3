package io.iotdm.indexing.search;

import static io.iotdm.events.RegistryEvents.Change.CREATED;
import static io.iotdm.events.RegistryEvents.Change.DELETED;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iotdm.indexing.Fleet;
import io.iotdm.indexing.IndexingTestResource;
import io.iotdm.indexing.index.ThingIndex;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opensearch.client.opensearch.OpenSearchClient;

/** SearchIndex over HTTP, on a small fleet indexed from Kafka events. Every query is limited to this run's things. */
@QuarkusTest
@IndexingTestResource
class SearchIndexTest {

    private static final JsonMapper JSON = new JsonMapper();

    /** This run's things all start with it; thing names sort abc, abcd, abd, xyz. */
    private static final String P = "s" + UUID.randomUUID().toString().substring(0, 8);

    private static final String ABC = P + "-abc";
    private static final String ABCD = P + "-abcd";
    private static final String ABD = P + "-abd";
    private static final String XYZ = P + "-xyz";
    private static final String GONE = P + "-gone";
    private static final String MINE = "thingName:" + P + "*";

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
                Fleet.thing(CREATED, ABC, "id-abc", 1, 10, null, Map.of("color", "Red", "weight", "77")),
                Fleet.thing(CREATED, ABCD, "id-abcd", 1, 11, null, Map.of("weight", "80")),
                Fleet.thing(CREATED, ABD, "id-abd", 1, 12, null, Map.of("color", "blue", "weight", "75")),
                Fleet.thing(
                        CREATED,
                        XYZ,
                        "id-xyz",
                        1,
                        13,
                        "lamp",
                        Map.of("color", "green", "weight", "90", "serial", P + "serial")),
                Fleet.thing(CREATED, GONE, "id-gone", 1, 14, null, Map.of("color", "red", "weight", "77")),
                Fleet.thing(DELETED, GONE, "id-gone", 1, 15, null, Map.of()),
                Fleet.shadowUpdated(
                        ABC,
                        null,
                        4,
                        1_700_000_000,
                        """
                        {"desired": {"temp": 22},
                         "reported": {"temp": 25, "values": [1, 2, 3], "location": {"lat": 1.5, "lon": 2.5}}}"""),
                Fleet.shadowUpdated(ABC, "cfg", 2, 1_700_000_001, "{\"desired\": {\"filament\": \"PLA\"}}"),
                Fleet.shadowUpdated(
                        ABD, null, 1, 1_700_000_002, "{\"desired\":{\"temp\":18},\"reported\":{\"temp\":18}}"));
        fleet.awaitDocument(
                ABC, doc -> doc.containsKey("shadow.version") && doc.containsKey("shadow.name.cfg.version"));
        fleet.awaitDocument(ABD, doc -> doc.containsKey("shadow.version"));
        fleet.awaitDocument(ABCD, doc -> true);
        fleet.awaitDocument(XYZ, doc -> true);
        fleet.awaitDocument(GONE, doc -> Boolean.FALSE.equals(doc.get(ThingIndex.LIVE)));
        client.indices().refresh(refresh -> refresh.index(ThingIndex.ALIAS));
        indexed = true;
    }

    private static Response search(Map<String, Object> body) {
        return given().contentType(ContentType.JSON).body(body).post("/indices/search");
    }

    /** The names found by {@code MINE AND (query)}, one page of up to 100. */
    private static List<String> find(String query) {
        return search(Map.of("queryString", MINE + " AND (" + query + ")"))
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("things.thingName", String.class);
    }

    @Test
    void matchAllFindsTheLiveThingsOnly() {
        List<String> names = new ArrayList<>();
        String token = null;
        for (int page = 0; page < 1000; page++) {
            Map<String, Object> body =
                    token == null ? Map.of("queryString", "*") : Map.of("queryString", "*", "nextToken", token);
            var json = search(body).then().statusCode(200).extract().jsonPath();
            names.addAll(json.getList("things.thingName", String.class));
            token = json.getString("nextToken");
            if (token == null) {
                break;
            }
        }
        assertThat(names).contains(ABC, ABCD, ABD, XYZ).doesNotContain(GONE);
        assertThat(names).isSorted();
    }

    @Test
    void thingNames() {
        assertThat(find(MINE)).containsExactly(ABC, ABCD, ABD, XYZ);
        assertThat(find("thingName:" + P + "-ab?")).containsExactly(ABC, ABD);
        assertThat(find("thingName:" + P.toUpperCase(Locale.ROOT) + "-ABC")).containsExactly(ABC);
        assertThat(find("thingName:" + P + "-*d")).containsExactly(ABCD, ABD);
        assertThat(find("thingId:ID-XYZ")).containsExactly(XYZ);
        assertThat(find("thingTypeName:lamp")).containsExactly(XYZ);
    }

    @Test
    void attributesExactRangesAndComparisons() {
        assertThat(find("attributes.color:RED")).containsExactly(ABC);
        assertThat(find("attributes.weight:[75 TO 80]")).containsExactly(ABC, ABCD, ABD);
        assertThat(find("attributes.weight:{75 TO 80]")).containsExactly(ABC, ABCD);
        assertThat(find("attributes.weight < 77")).containsExactly(ABD);
        assertThat(find("attributes.weight >= 80")).containsExactly(ABCD, XYZ);
        assertThat(find("attributes.weight:77")).containsExactly(ABC);
    }

    @Test
    void booleanOperatorsAndGrouping() {
        assertThat(find("attributes.color:red OR attributes.color:blue")).containsExactly(ABC, ABD);
        assertThat(find("attributes.color:blue attributes.weight:75")).containsExactly(ABD);
        assertThat(find("NOT attributes.color:red")).containsExactly(ABCD, ABD, XYZ);
        assertThat(find("-attributes.color:red")).containsExactly(ABCD, ABD, XYZ);
        assertThat(find("attributes.color:(red OR green)")).containsExactly(ABC, XYZ);
        assertThat(find("attributes.weight:[70 TO 100] AND NOT (attributes.color:red OR attributes.color:green)"))
                .containsExactly(ABCD, ABD);
    }

    @Test
    void existence() {
        assertThat(find("attributes.serial:*")).containsExactly(XYZ);
        assertThat(find("NOT attributes.color:*")).containsExactly(ABCD);
        assertThat(find("shadow.reported.location:*")).containsExactly(ABC);
        assertThat(find("shadow.reported.location.lat:*")).containsExactly(ABC);
        assertThat(find("shadow.reported.temp:* NOT shadow.desired.stats.battery:*"))
                .containsExactly(ABC, ABD);
    }

    @Test
    void shadowFields() {
        assertThat(find("shadow.reported.temp > 20")).containsExactly(ABC);
        assertThat(find("shadow.reported.temp:[18 TO 25}")).containsExactly(ABD);
        assertThat(find("shadow.hasDelta:true")).containsExactly(ABC);
        assertThat(find("shadow.hasDelta:false")).containsExactly(ABD);
        assertThat(find("shadow.reported.values:2")).containsExactly(ABC);
        assertThat(find("shadow.reported.location.lat:1.5")).containsExactly(ABC);
        assertThat(find("shadow.name.cfg.desired.filament:pla")).containsExactly(ABC);
        assertThat(find("shadow.name.cfg.desired.filament:*")).containsExactly(ABC);
        assertThat(find("connectivity.connected:false")).containsExactly(ABC, ABCD, ABD, XYZ);
    }

    @Test
    void unfieldedTerms() {
        assertThat(find(P + "SERIAL")).containsExactly(XYZ);
        assertThat(find("pla")).containsExactly(ABC);
        assertThat(find("lamp")).containsExactly(XYZ);
        assertThat(find("gree*")).containsExactly(XYZ);
    }

    @Test
    void theThingDocument() throws Exception {
        var json = search(Map.of("queryString", "thingName:" + ABC))
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(json.getList("things")).hasSize(1);
        assertThat(json.getString("nextToken")).isNull();
        assertThat(json.<String, Object>getMap("things[0]"))
                .containsEntry("thingName", ABC)
                .containsEntry("thingId", "id-abc")
                .containsEntry("attributes", Map.of("color", "Red", "weight", "77"))
                .containsEntry("connectivity", Map.of("connected", false))
                .doesNotContainKeys("thingTypeName", "thingGroupNames", "deviceDefender");
        JsonNode shadow = JSON.readTree(json.getString("things[0].shadow"));
        assertThat(shadow.path("desired").path("temp").asInt()).isEqualTo(22);
        assertThat(shadow.path("reported").path("location").path("lat").asDouble())
                .isEqualTo(1.5);
        assertThat(shadow.path("hasDelta").asBoolean()).isTrue();
        assertThat(shadow.path("version").asLong()).isEqualTo(4);
        assertThat(shadow.path("name")
                        .path("cfg")
                        .path("desired")
                        .path("filament")
                        .asText())
                .isEqualTo("PLA");
        assertThat(shadow.path("name").path("cfg").path("version").asLong()).isEqualTo(2);

        var xyz = search(Map.of("queryString", "thingName:" + XYZ))
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(xyz.getString("things[0].thingTypeName")).isEqualTo("lamp");
        assertThat(xyz.getString("things[0].shadow")).isNull();
    }

    @Test
    void pagination() {
        Map<String, Object> first = Map.of("queryString", MINE, "maxResults", 2);
        var page1 = search(first).then().statusCode(200).extract().jsonPath();
        assertThat(page1.getList("things.thingName", String.class)).containsExactly(ABC, ABCD);
        String token = page1.getString("nextToken");
        assertThat(token).isNotNull();

        var page2 = search(Map.of("queryString", MINE, "maxResults", 2, "nextToken", token))
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(page2.getList("things.thingName", String.class)).containsExactly(ABD, XYZ);
        assertThat(page2.getString("nextToken")).isNull();

        String tampered = (token.charAt(0) == 'A' ? "B" : "A") + token.substring(1);
        search(Map.of("queryString", MINE, "maxResults", 2, "nextToken", tampered))
                .then()
                .statusCode(400)
                .header("x-amzn-ErrorType", containsString("InvalidRequestException"));
        // a token is bound to its query
        search(Map.of("queryString", MINE + " AND attributes.weight:*", "maxResults", 2, "nextToken", token))
                .then()
                .statusCode(400)
                .header("x-amzn-ErrorType", containsString("InvalidRequestException"));
    }

    @Test
    void aBadQueryIsAnInvalidQueryException() {
        search(Map.of("queryString", "attributes.color:red AND"))
                .then()
                .statusCode(400)
                .header("x-amzn-ErrorType", containsString("InvalidQueryException"))
                .body("message", containsString("token: AND"));
    }

    @Test
    void anUnknownFieldIsAwsInvalidFieldName() {
        search(Map.of("queryString", "thingGroupName:mythinggroup"))
                .then()
                .statusCode(400)
                .header("x-amzn-ErrorType", containsString("InvalidQueryException"))
                .body(
                        "message",
                        equalTo("Unable to parse query, invalid field name, field name: thingGroupName, query string: "
                                + "thingGroupName:mythinggroup"));
    }

    @Test
    void inputValidation() {
        search(Map.of("queryString", "*", "maxResults", 101))
                .then()
                .statusCode(400)
                .header("x-amzn-ErrorType", containsString("InvalidRequestException"))
                .body("message", containsString("Member must have value less than or equal to 100"));
        search(Map.of("queryString", "*", "maxResults", 0))
                .then()
                .statusCode(400)
                .header("x-amzn-ErrorType", containsString("InvalidRequestException"));
        search(Map.of("indexName", "AWS_Things"))
                .then()
                .statusCode(400)
                .header("x-amzn-ErrorType", containsString("InvalidRequestException"));
        search(Map.of("queryString", "*", "indexName", "AWS_ThingGroups"))
                .then()
                .statusCode(404)
                .header("x-amzn-ErrorType", containsString("ResourceNotFoundException"))
                .body("message", equalTo("Index AWS_ThingGroups does not exist"));
    }

    @Test
    void queryVersionIsAccepted() {
        ObjectNode body = JSON.createObjectNode()
                .put("queryString", "thingName:" + XYZ)
                .put("queryVersion", "2017-09-30")
                .put("indexName", "AWS_Things");
        given().contentType(ContentType.JSON)
                .body(body.toString())
                .post("/indices/search")
                .then()
                .statusCode(200)
                .body("things[0].thingName", equalTo(XYZ));
    }
}

package io.iotdm.indexing.search;

import static io.iotdm.events.RegistryEvents.Change.CREATED;
import static io.iotdm.events.RegistryEvents.Change.DELETED;
import static io.iotdm.events.RegistryEvents.Change.UPDATED;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import io.iotdm.indexing.Fleet;
import io.iotdm.indexing.IndexingTestResource;
import io.iotdm.indexing.index.ThingIndex;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opensearch.client.opensearch.OpenSearchClient;

/**
 * The fleet index's iotdm extension headers over HTTP: iotdm-sort, iotdm-total-count, iotdm-read-after (the timeout
 * is {@link ReadAfterTimeoutTest}'s). Sorted: weights 100, 9, 10, "heavy", none, 10 (a to f), registry versions
 * 3, 1, 5, 2, 4, 6.
 */
@QuarkusTest
@IndexingTestResource
class SearchExtensionsTest {

    private static final String P = "x" + UUID.randomUUID().toString().substring(0, 8);
    private static final String A = P + "-a";
    private static final String B = P + "-b";
    private static final String C = P + "-c";
    private static final String D = P + "-d";
    private static final String E = P + "-e";
    private static final String F = P + "-f";
    private static final String MINE = "thingName:" + P + "-?";

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
                Fleet.thing(CREATED, A, 3, 1, Map.of("weight", "100", "color", "red")),
                Fleet.thing(CREATED, B, 1, 2, Map.of("weight", "9", "color", "blue")),
                Fleet.thing(CREATED, C, 5, 3, Map.of("weight", "10", "color", "red")),
                Fleet.thing(CREATED, D, 2, 4, Map.of("weight", "heavy", "color", "blue")),
                Fleet.thing(CREATED, E, 4, 5, Map.of("color", "green")),
                Fleet.thing(CREATED, F, 6, 6, Map.of("weight", "10", "color", "blue")));
        for (String thing : List.of(A, B, C, D, E, F)) {
            fleet.awaitDocument(thing, document -> true);
        }
        client.indices().refresh(refresh -> refresh.index(ThingIndex.ALIAS));
        indexed = true;
    }

    private static Response search(Map<String, String> headers, Map<String, Object> body) {
        return given().contentType(ContentType.JSON).headers(headers).body(body).post("/indices/search");
    }

    private static List<String> sorted(String sort) {
        return search(Map.of("iotdm-sort", sort), Map.of("queryString", MINE))
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("things.thingName", String.class);
    }

    // ---- iotdm-sort ----

    @Test
    void numbersSortAsNumbersThenOtherValuesThenThingsWithout() {
        assertThat(sorted("attributes.weight")).containsExactly(B, C, F, A, D, E);
        assertThat(sorted("attributes.weight:asc")).containsExactly(B, C, F, A, D, E);
        assertThat(sorted("attributes.weight:desc")).containsExactly(A, C, F, B, D, E);
    }

    @Test
    void longFieldsKeywordsAndSeveralKeys() {
        assertThat(sorted("registry.version:desc")).containsExactly(F, C, E, A, D, B);
        assertThat(sorted("thingName:desc")).containsExactly(F, E, D, C, B, A);
        assertThat(sorted("attributes.color:desc, attributes.weight:desc")).containsExactly(A, C, E, F, B, D);
    }

    @Test
    void withoutTheHeaderTheOrderIsAwsAndTheAnswerHasNoExtensions() {
        search(Map.of(), Map.of("queryString", MINE))
                .then()
                .statusCode(200)
                .header("iotdm-total-count", nullValue())
                .header("iotdm-read-after", nullValue())
                .body("things.thingName", equalTo(List.of(A, B, C, D, E, F)));
    }

    @Test
    void pagesFollowTheSort() {
        // weight: pages end among things without a number, and without a weight; no thing has a type
        for (String sort :
                List.of("attributes.weight", "attributes.weight:desc", "registry.version:desc", "thingTypeName")) {
            List<String> paged = new ArrayList<>();
            String token = null;
            do {
                Map<String, Object> body = new HashMap<>(Map.of("queryString", MINE, "maxResults", 1));
                if (token != null) {
                    body.put("nextToken", token);
                }
                JsonPath page = search(Map.of("iotdm-sort", sort), body)
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath();
                paged.addAll(page.getList("things.thingName", String.class));
                token = page.getString("nextToken");
            } while (token != null && paged.size() <= 6);
            assertThat(paged).as("pages of %s", sort).isEqualTo(sorted(sort));
        }
    }

    @Test
    void aTokenResumesOnlyTheSortItWasIssuedFor() {
        Map<String, Object> first = Map.of("queryString", MINE, "maxResults", 2);
        String sortedToken = search(Map.of("iotdm-sort", "attributes.weight"), first)
                .then()
                .statusCode(200)
                .body("things.thingName", equalTo(List.of(B, C)))
                .extract()
                .path("nextToken");
        Map<String, Object> next = Map.of("queryString", MINE, "maxResults", 2, "nextToken", sortedToken);
        search(Map.of("iotdm-sort", "attributes.weight:asc"), next)
                .then()
                .statusCode(200)
                .body("things.thingName", equalTo(List.of(F, A)));
        for (Map<String, String> other :
                List.of(Map.of("iotdm-sort", "attributes.weight:desc"), Map.<String, String>of())) {
            search(other, next)
                    .then()
                    .statusCode(400)
                    .header("x-amzn-ErrorType", containsString("InvalidRequestException"));
        }
        String awsToken =
                search(Map.of(), first).then().statusCode(200).extract().path("nextToken");
        search(Map.of("iotdm-sort", "thingName"), Map.of("queryString", MINE, "maxResults", 2, "nextToken", awsToken))
                .then()
                .statusCode(400)
                .header("x-amzn-ErrorType", containsString("InvalidRequestException"));
    }

    @Test
    void aFieldThatIsNotIndexedOrAMalformedSortIsAnInvalidRequest() {
        search(Map.of("iotdm-sort", "thingGroupName"), Map.of("queryString", MINE))
                .then()
                .statusCode(400)
                .header("x-amzn-ErrorType", containsString("InvalidRequestException"))
                .body("message", equalTo("Invalid iotdm-sort header: thingGroupName is not an indexed field"));
        search(Map.of("iotdm-sort", "attributes.weight:desc,"), Map.of("queryString", MINE))
                .then()
                .statusCode(400)
                .header("x-amzn-ErrorType", containsString("InvalidRequestException"))
                .body("message", containsString("expected <field>[:asc|:desc]"));
    }

    // ---- iotdm-total-count ----

    @Test
    void theTotalCountIsTheWholeQuerys() {
        search(Map.of("iotdm-total-count", "true"), Map.of("queryString", MINE, "maxResults", 2))
                .then()
                .statusCode(200)
                .header("iotdm-total-count", "6")
                .body("things", hasSize(2));
        search(Map.of("iotdm-total-count", "true"), Map.of("queryString", MINE + " AND attributes.color:red"))
                .then()
                .statusCode(200)
                .header("iotdm-total-count", "2");
        search(Map.of("iotdm-total-count", "false"), Map.of("queryString", MINE))
                .then()
                .statusCode(200)
                .header("iotdm-total-count", nullValue());
        search(Map.of("iotdm-total-count", "yes"), Map.of("queryString", MINE))
                .then()
                .statusCode(400)
                .header("x-amzn-ErrorType", containsString("InvalidRequestException"))
                .body("message", equalTo("Invalid iotdm-total-count header: expected true or false, got 'yes'"));
    }

    // ---- iotdm-read-after ----

    @Test
    void aSearchRightAfterAWriteSeesIt() {
        String thing = Fleet.uniqueName(P + "-ryw");
        Map<String, Object> byName = Map.of("queryString", "thingName:" + thing);

        Fleet.send(Fleet.thing(CREATED, thing, 1, 41, Map.of("color", "teal")));
        search(Map.of("iotdm-read-after", thing + "@41"), byName)
                .then()
                .statusCode(200)
                .header("iotdm-read-after", "ok")
                .body("things.thingName", equalTo(List.of(thing)));

        Fleet.send(Fleet.thing(UPDATED, thing, 2, 42, Map.of("color", "cyan")));
        search(
                        Map.of("iotdm-read-after", thing + "@42"),
                        Map.of("queryString", "thingName:" + thing + " AND attributes.color:cyan"))
                .then()
                .statusCode(200)
                .header("iotdm-read-after", "ok")
                .body("things.thingName", equalTo(List.of(thing)));

        // a deletion's revision is on the tombstone, which the search does not show
        Fleet.send(Fleet.thing(DELETED, thing, 2, 43, Map.of()));
        search(Map.of("iotdm-read-after", A + "@1, " + thing + "@43"), byName)
                .then()
                .statusCode(200)
                .header("iotdm-read-after", "ok")
                .body("things", empty());
    }

    @Test
    void anAggregationRightAfterAWriteSeesIt() {
        String thing = Fleet.uniqueName(P + "-agg");
        Fleet.send(Fleet.thing(CREATED, thing, 7, 70, Map.of()));
        given().contentType(ContentType.JSON)
                .header("iotdm-read-after", thing + "@70")
                .body(Map.of("queryString", "thingName:" + thing, "aggregationField", "registry.version"))
                .post("/indices/statistics")
                .then()
                .statusCode(200)
                .header("iotdm-read-after", "ok")
                .body("statistics.count", equalTo(1));
    }

    @Test
    void aMalformedReadAfterIsAnInvalidRequest() {
        for (String header : List.of("lamp", "lamp@x", "lamp@1,", "@1")) {
            search(Map.of("iotdm-read-after", header), Map.of("queryString", MINE))
                    .then()
                    .statusCode(400)
                    .header("x-amzn-ErrorType", containsString("InvalidRequestException"))
                    .body(
                            "message",
                            containsString("Invalid iotdm-read-after header: expected <thingName>@<revision>"));
        }
    }
}

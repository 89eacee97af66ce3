package io.iotdm.indexing.search;

import static io.iotdm.events.RegistryEvents.Change.CREATED;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.iotdm.aws.protocol.AwsServiceException;
import io.iotdm.indexing.Fleet;
import io.iotdm.indexing.IndexingTestResource;
import io.iotdm.indexing.ThingIndexSettled;
import io.iotdm.indexing.index.ThingIndex;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch._types.FieldValue;
import org.opensearch.client.opensearch._types.OpenSearchException;
import org.opensearch.client.opensearch._types.query_dsl.Query;
import org.opensearch.client.opensearch.core.SearchRequest;
import org.opensearch.client.opensearch.generic.Body;
import org.opensearch.client.opensearch.generic.Requests;
import org.opensearch.client.opensearch.generic.Response;
import org.opensearch.client.util.ObjectBuilder;

/**
 * OpenSearch's refusals of what a request asks for are AWS's 400s, never a 500: each refusal as the real OpenSearch
 * answers it, through the API where a request can reach it, else a search of its own on an index of its own (the
 * query-string caps keep SearchIndex's queries from reaching the clause and automaton limits).
 */
@QuarkusTest
@IndexingTestResource
class SearchRefusalsTest {

    /** An index of this test's own: a keyword field {@code k} and 1,100 more ({@code f0} ...). */
    private static final String RAW = "iotdm_refusals_test";

    private static final String TOO_COMPLEX = "Unable to run query, it is too complex: ";

    @Inject
    OpenSearchClient client;

    @Inject
    FleetQueries queries;

    @Test
    void tooManyClausesIsInvalidQuery() throws IOException {
        List<Query> terms = new ArrayList<>();
        for (int i = 0; i < 1_100; i++) {
            String value = "v" + i;
            terms.add(Query.of(q -> q.term(t -> t.field("k").value(FieldValue.of(value)))));
        }
        assertRefused(
                search -> search.query(q -> q.bool(b -> b.should(terms))),
                "InvalidQueryException",
                TOO_COMPLEX + "it expands to more clauses than the index allows");
    }

    @Test
    void aWildcardTooComplexToRunIsInvalidQuery() throws IOException {
        assertRefused(
                search -> search.query(q -> q.wildcard(
                        w -> w.field("k").value("x*a" + "?".repeat(20)).caseInsensitive(true))),
                "InvalidQueryException",
                TOO_COMPLEX + "a wildcard pattern needs more states than the index allows");
    }

    @Test
    void unfieldedTermsOverTooManyFieldsAreInvalidQuery() throws IOException {
        assertRefused(
                search -> search.query(
                        q -> q.multiMatch(m -> m.query("x").fields("f*").lenient(true))),
                "InvalidQueryException",
                TOO_COMPLEX + "its unfielded terms search more fields than the index allows");
    }

    @Test
    void aRegexTooLongIsInvalidQuery() throws IOException {
        assertRefused(
                search -> search.query(q -> q.regexp(r -> r.field("k").value("a".repeat(1_001)))),
                "InvalidQueryException",
                "Unable to run query, a pattern is longer than the index allows");
    }

    @Test
    void aResultWindowTooLargeIsInvalidRequest() throws IOException {
        assertRefused(
                search -> search.from(20_000).size(1),
                "InvalidRequestException",
                "The page asked for reaches past the index's result window (index.max_result_window)");
    }

    @Test
    void searchIndexPastTheResultWindowIsInvalidRequest() throws IOException {
        String physical = ThingIndexSettled.await().live().index();
        call("PUT", "/" + physical + "/_settings", "{\"index.max_result_window\": 50}");
        try {
            given().contentType(ContentType.JSON)
                    .body(Map.of("queryString", "thingName:nothing", "maxResults", 100))
                    .post("/indices/search")
                    .then()
                    .statusCode(400)
                    .header("x-amzn-ErrorType", containsString("InvalidRequestException"))
                    .body(
                            "message",
                            equalTo("The page asked for reaches past the index's result window"
                                    + " (index.max_result_window)"));
        } finally {
            call("PUT", "/" + physical + "/_settings", "{\"index.max_result_window\": null}");
        }
    }

    @Test
    void bucketsPastTheClusterLimitAreInvalidRequest() throws IOException {
        String prefix = Fleet.uniqueName("buckets");
        Fleet fleet = new Fleet(client);
        for (int i = 0; i < 3; i++) {
            Fleet.send(Fleet.thing(CREATED, prefix + "-" + i, 1, 10, Map.of()));
        }
        for (int i = 0; i < 3; i++) {
            fleet.awaitDocument(prefix + "-" + i, doc -> true);
        }
        client.indices().refresh(refresh -> refresh.index(ThingIndex.ALIAS)); // the aggregation searches
        call("PUT", "/_cluster/settings", "{\"persistent\": {\"search.max_buckets\": 2}}");
        try {
            given().contentType(ContentType.JSON)
                    .body(Map.of(
                            "queryString",
                            "thingName:" + prefix + "*",
                            "aggregationField",
                            "thingName",
                            "bucketsAggregationType",
                            Map.of("termsAggregation", Map.of("maxBuckets", 10))))
                    .post("/indices/buckets")
                    .then()
                    .statusCode(400)
                    .header("x-amzn-ErrorType", containsString("InvalidRequestException"))
                    .body(
                            "message",
                            equalTo("The aggregation needs more buckets than the index allows (search.max_buckets)"));
        } finally {
            call("PUT", "/_cluster/settings", "{\"persistent\": {\"search.max_buckets\": null}}");
        }
    }

    /** The worst patterns within the caps of the query string run: they stay below OpenSearch's automaton limit. */
    @Test
    void theWorstWildcardsWithinTheCapsRun() {
        for (String query : List.of("thingName:x*a?????????", "thingName:*A?????????")) {
            given().contentType(ContentType.JSON)
                    .body(Map.of("queryString", query))
                    .post("/indices/search")
                    .then()
                    .statusCode(200);
        }
    }

    private void assertRefused(
            Function<SearchRequest.Builder, ObjectBuilder<SearchRequest>> search, String error, String message)
            throws IOException {
        createRawIndex();
        OpenSearchException refusal = catchThrowableOfType(
                OpenSearchException.class, () -> client.search(s -> search.apply(s.index(RAW)), Map.class));
        assertThat(refusal).as("OpenSearch's refusal").isNotNull();
        assertThat(queries.failure(refusal)).isInstanceOfSatisfying(AwsServiceException.class, aws -> {
            assertThat(aws.code().name()).isEqualTo(error);
            assertThat(aws.httpStatus()).isEqualTo(400);
            assertThat(aws.getMessage()).isEqualTo(message);
        });
    }

    private void createRawIndex() throws IOException {
        if (client.indices().exists(e -> e.index(RAW)).value()) {
            return;
        }
        StringBuilder properties = new StringBuilder("\"k\": {\"type\": \"keyword\"}");
        for (int i = 0; i < 1_100; i++) {
            properties.append(", \"f").append(i).append("\": {\"type\": \"keyword\"}");
        }
        call(
                "PUT",
                "/" + RAW,
                "{\"settings\": {\"index.mapping.total_fields.limit\": 2000}, \"mappings\": {\"properties\": {"
                        + properties + "}}}");
        call("PUT", "/" + RAW + "/_doc/1?refresh=true", "{\"k\": \"xa\"}");
    }

    private void call(String method, String endpoint, String json) throws IOException {
        try (Response response = client.generic()
                .execute(Requests.builder()
                        .method(method)
                        .endpoint(endpoint)
                        .json(json)
                        .build())) {
            assertThat(response.getStatus())
                    .as(
                            "%s %s: %s",
                            method,
                            endpoint,
                            response.getBody().map(Body::bodyAsString).orElse(""))
                    .isIn(200, 201);
        }
    }
}

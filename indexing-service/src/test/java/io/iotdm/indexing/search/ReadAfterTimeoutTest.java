package io.iotdm.indexing.search;

import static io.iotdm.events.RegistryEvents.Change.CREATED;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.iotdm.indexing.Fleet;
import io.iotdm.indexing.IndexingTestResource;
import io.iotdm.indexing.index.ThingIndex;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.opensearch.client.opensearch.OpenSearchClient;

/**
 * iotdm-read-after when the writes do not show in time: the search answers anyway, at the configured bound (shorter
 * here than the default 5 s), with what the index has, and says so.
 */
@QuarkusTest
@IndexingTestResource
@TestProfile(ReadAfterTimeoutTest.ShortWait.class)
class ReadAfterTimeoutTest {

    private static final Duration MAX_WAIT = Duration.ofMillis(500);

    public static class ShortWait implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("iotdm.indexing.search.read-after-max-wait", MAX_WAIT.toMillis() + "ms");
        }
    }

    @Inject
    OpenSearchClient client;

    private static ValidatableResponse searchAfter(String thing, String readAfter) {
        return given().contentType(ContentType.JSON)
                .header("iotdm-read-after", readAfter)
                .body(Map.of("queryString", "thingName:" + thing))
                .post("/indices/search")
                .then()
                .statusCode(200);
    }

    @Test
    void writesThatNeverShowAnswerWhatTheIndexHasAtTheBound() throws Exception {
        String never = Fleet.uniqueName("never");
        searchAfter(never, never + "@1").header("iotdm-read-after", "timeout").body("things", equalTo(List.of()));

        String late = Fleet.uniqueName("late");
        Fleet.send(Fleet.thing(CREATED, late, 1, 5, Map.of("state", "as-indexed")));
        new Fleet(client).awaitDocument(late, document -> true);
        client.indices().refresh(refresh -> refresh.index(ThingIndex.ALIAS));
        long started = System.nanoTime();
        searchAfter(late, late + "@6")
                .header("iotdm-read-after", "timeout")
                .body("things.attributes.state", equalTo(List.of("as-indexed")));
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        // well below the default bound: the configured one applies (the machine may be slow, hence the slack)
        assertThat(took).isGreaterThanOrEqualTo(MAX_WAIT).isLessThan(MAX_WAIT.plusMillis(2500));
    }
}

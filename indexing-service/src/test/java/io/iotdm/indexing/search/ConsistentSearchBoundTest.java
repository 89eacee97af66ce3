package io.iotdm.indexing.search;

import static io.iotdm.events.RegistryEvents.Change.CREATED;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.empty;

import io.iotdm.indexing.Fleet;
import io.iotdm.indexing.IndexingTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code iotdm.indexing.search.consistency=read-after-write} on an instance whose consumer does not run, and no other instance
 * consumes: the wait for the event on the topic is bounded, and the search answers with what the index holds.
 */
@QuarkusTest
@IndexingTestResource
@TestProfile(ConsistentSearchBoundTest.NoConsumer.class)
class ConsistentSearchBoundTest {

    public static class NoConsumer implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "iotdm.indexing.search.consistency", "read-after-write",
                    "iotdm.indexing.search.read-after-max-wait", "500ms",
                    "iotdm.indexing.consumer-enabled", "false");
        }
    }

    @Test
    void aWriteNobodyIndexesIsWaitedForAtMostTheBound() {
        String thing = Fleet.uniqueName("unindexed");
        Fleet.send(Fleet.thing(CREATED, thing, 1, 31, Map.of()));
        given().contentType(ContentType.JSON)
                .body(Map.of("queryString", "thingName:" + thing))
                .post("/indices/search")
                .then()
                .statusCode(200)
                .body("things", empty());
    }
}

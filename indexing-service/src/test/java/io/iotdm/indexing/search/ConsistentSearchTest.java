package io.iotdm.indexing.search;

import static io.iotdm.events.RegistryEvents.Change.CREATED;
import static io.iotdm.events.RegistryEvents.Change.UPDATED;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.iotdm.indexing.Fleet;
import io.iotdm.indexing.IndexingTestResource;
import io.iotdm.indexing.ThingIndexSettled;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code iotdm.indexing.search.consistency=read-after-write}: a search or an aggregation without any header, sent right after
 * an event reached its topic, sees it (thing attributes, a shadow, a static membership). The registry's and
 * group-service's outboxes are the end-to-end tests' (ConsistentSearchEndToEndTest): here the events are on Kafka
 * when the search comes.
 */
@QuarkusTest
@IndexingTestResource
@TestProfile(ConsistentSearchTest.ReadAfterWrite.class)
class ConsistentSearchTest {

    public static class ReadAfterWrite implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("iotdm.indexing.search.consistency", "read-after-write");
        }
    }

    @BeforeEach
    void settled() {
        ThingIndexSettled.await();
    }

    private static ValidatableResponse search(String query) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("queryString", query))
                .post("/indices/search")
                .then()
                .statusCode(200)
                .header("iotdm-read-after", nullValue());
    }

    @Test
    void aSearchRightAfterAWriteSeesIt() {
        String thing = Fleet.uniqueName("fresh");
        Fleet.send(Fleet.thing(CREATED, thing, 1, 11, Map.of("fw", "1.0")));
        search("thingName:" + thing).body("things.attributes.fw", equalTo(List.of("1.0")));

        Fleet.send(Fleet.thing(UPDATED, thing, 2, 12, Map.of("fw", "1.1")));
        search("attributes.fw:1.1 AND thingName:" + thing).body("things.thingName", equalTo(List.of(thing)));

        Fleet.send(Fleet.shadowUpdated(thing, null, 1, 100, "{\"reported\":{\"temp\":21}}"));
        search("shadow.reported.temp:21 AND thingName:" + thing).body("things.thingName", equalTo(List.of(thing)));

        String group = Fleet.uniqueName("fresh-group");
        Fleet.membership(group, thing, true, 1);
        search("thingGroupNames:" + group).body("things.thingName", equalTo(List.of(thing)));
    }

    @Test
    void anAggregationRightAfterAWriteSeesIt() {
        String thing = Fleet.uniqueName("fresh-agg");
        Fleet.send(Fleet.thing(CREATED, thing, 1, 21, Map.of()));
        given().contentType(ContentType.JSON)
                .body(Map.of("queryString", "thingName:" + thing, "aggregationField", "registry.version"))
                .post("/indices/statistics")
                .then()
                .statusCode(200)
                .body("statistics.count", equalTo(1));
    }
}

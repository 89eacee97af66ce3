package io.iotdm.indexing;

import static io.iotdm.events.RegistryEvents.Change.CREATED;
import static io.iotdm.events.RegistryEvents.Change.DELETED;
import static io.iotdm.events.RegistryEvents.Change.UPDATED;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.iotdm.indexing.index.ThingIndex;
import io.iotdm.indexing.thing.MembershipVersions;
import io.iotdm.indexing.thing.PartVersion;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opensearch.client.opensearch.OpenSearchClient;

/** THING_GROUP_MEMBERSHIP events into the thing documents' {@code thingGroupNames}, each membership versioned. */
@QuarkusTest
@IndexingTestResource
class MembershipIndexingTest {

    @Inject
    OpenSearchClient client;

    private Fleet fleet;

    @BeforeEach
    void setUp() {
        fleet = new Fleet(client);
        ThingIndexSettled.await();
    }

    @Test
    void addedAndRemovedGroupsShowInTheDocumentAndItsSearches() throws IOException {
        String thing = createThing("member");
        String g1 = Fleet.uniqueName("g1");
        String g2 = Fleet.uniqueName("g2");
        Fleet.membership(g2, thing, true, 10);
        Fleet.membership(g1, thing, true, 11);
        fleet.awaitDocument(thing, doc -> List.of(g1, g2).equals(doc.get(ThingIndex.THING_GROUP_NAMES)));

        assertThat(search("thingGroupNames:" + g1).getList("things.thingName")).containsExactly(thing);
        assertThat(search("registry.thingGroupNames:" + g2.toUpperCase()).getList("things.thingName"))
                .containsExactly(thing);
        assertThat(search("thingName:" + thing).getList("things[0].thingGroupNames"))
                .containsExactly(g1, g2);

        // the registry part is replaced, the memberships stay
        Fleet.send(Fleet.thing(UPDATED, thing, 2, 2, Map.of("room", "3")));
        fleet.awaitDocument(thing, doc -> "3".equals(doc.get("attributes.room")));
        assertThat(fleet.document(thing).orElseThrow()).containsEntry(ThingIndex.THING_GROUP_NAMES, List.of(g1, g2));

        Fleet.membership(g1, thing, false, 12);
        fleet.awaitDocument(thing, doc -> List.of(g2).equals(doc.get(ThingIndex.THING_GROUP_NAMES)));
        assertThat(membershipVersion(thing, g1).version()).isEqualTo(12);
        assertThat(membershipVersion(thing, g1).deleted()).isTrue();
        // the bookkeeping of memberships is one field, whatever the groups: a new group is no mapping update
        assertThat(client.indices()
                        .getMapping(mapping -> mapping.index(ThingIndex.ALIAS))
                        .result()
                        .values()
                        .iterator()
                        .next()
                        .mappings()
                        .properties()
                        .keySet())
                .contains(MembershipVersions.FIELD)
                .noneMatch(field -> field.contains(g1) || field.contains(g2));
        assertThat(search("thingGroupNames:" + g1).getList("things.thingName")).isEmpty();

        Fleet.membership(g2, thing, false, 13);
        fleet.awaitDocument(thing, doc -> !doc.containsKey(ThingIndex.THING_GROUP_NAMES));
        assertThat(search("thingName:" + thing).getMap("things[0]")).doesNotContainKey("thingGroupNames");
    }

    private PartVersion membershipVersion(String thing, String group) {
        return MembershipVersions.of(fleet.document(thing).orElseThrow().get(MembershipVersions.FIELD))
                .get(group);
    }

    @Test
    void lateDuplicateAndReplayedEventsNeverRegress() {
        String thing = createThing("order");
        String group = Fleet.uniqueName("g");
        // the removal arrives before the add it follows: the late add is older and stays out
        Fleet.membership(group, thing, false, 21);
        Fleet.membership(group, thing, true, 20);
        Fleet.membership(group, thing, true, 20);
        fleet.barrier(Fleet.MEMBERSHIP_TOPIC, thing);
        assertThat(fleet.document(thing).orElseThrow()).doesNotContainKey(ThingIndex.THING_GROUP_NAMES);
        assertThat(membershipVersion(thing, group).version()).isEqualTo(21);

        // added again later; a replay of the removal does not take it away
        Fleet.membership(group, thing, true, 22);
        Fleet.membership(group, thing, false, 21);
        Fleet.membership(group, thing, true, 22);
        fleet.barrier(Fleet.MEMBERSHIP_TOPIC, thing);
        assertThat(fleet.document(thing).orElseThrow()).containsEntry(ThingIndex.THING_GROUP_NAMES, List.of(group));
        assertThat(membershipVersion(thing, group).version()).isEqualTo(22);
    }

    @Test
    void membershipsFollowTheGroupServiceAcrossADeleteAndRecreate() {
        String thing = Fleet.uniqueName("early");
        String group = Fleet.uniqueName("g");
        // a membership before the thing's creation event: the document is not live until the thing is
        Fleet.membership(group, thing, true, 30);
        fleet.awaitDocument(thing, doc -> List.of(group).equals(doc.get(ThingIndex.THING_GROUP_NAMES)));
        assertThat(fleet.document(thing).orElseThrow()).containsEntry(ThingIndex.LIVE, false);
        assertThat(search("thingGroupNames:" + group).getList("things.thingName"))
                .isEmpty();

        Fleet.send(Fleet.thing(CREATED, thing, 1, 5, Map.of()));
        fleet.awaitDocument(thing, doc -> Boolean.TRUE.equals(doc.get(ThingIndex.LIVE)));
        assertThat(search("thingGroupNames:" + group).getList("things.thingName"))
                .containsExactly(thing);

        // deleted: the group service removes its memberships; the re-created thing starts without them
        Fleet.send(Fleet.thing(DELETED, thing, 1, 6, Map.of()));
        Fleet.membership(group, thing, false, 31);
        Fleet.send(Fleet.thing(CREATED, thing, 1, 7, Map.of()));
        fleet.awaitDocument(
                thing,
                doc -> Integer.valueOf(7).equals(doc.get("sync.registry.version"))
                        && !doc.containsKey(ThingIndex.THING_GROUP_NAMES));
        assertThat(search("thingName:" + thing).getList("things.thingName")).containsExactly(thing);
    }

    private String createThing(String prefix) {
        String name = Fleet.uniqueName(prefix);
        Fleet.send(Fleet.thing(CREATED, name, 1, 1, Map.of()));
        fleet.awaitDocument(name, doc -> Boolean.TRUE.equals(doc.get(ThingIndex.LIVE)));
        return name;
    }

    /** SearchIndex on AWS_Things, after a refresh so that every write so far shows. */
    private JsonPath search(String query) {
        try {
            client.indices().refresh(refresh -> refresh.index(ThingIndex.ALIAS));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return given().contentType(ContentType.JSON)
                .body(Map.of("queryString", query))
                .post("/indices/search")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }
}

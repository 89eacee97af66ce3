package io.iotdm.indexing;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.iotdm.grpc.group.v1.GroupRecord;
import io.iotdm.grpc.group.v1.GroupRef;
import io.iotdm.indexing.config.IndexingConfigurationStore;
import io.iotdm.indexing.index.GroupIndex;
import io.iotdm.indexing.index.GroupIndexSetup;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opensearch.client.opensearch.OpenSearchClient;

/**
 * THING_GROUP events into AWS_ThingGroups, the index filled from the group-service ({@link TestGroups}) when it was
 * created anew, SearchIndex on it, and the group indexing mode's effect on the API.
 */
@QuarkusTest
@IndexingTestResource
class GroupIndexingTest {

    @Inject
    OpenSearchClient client;

    @Inject
    IndexingConfigurationStore store;

    @Inject
    TestGroups groups;

    @Inject
    GroupIndexSetup setup;

    private Fleet fleet;

    @BeforeEach
    void setUp() {
        fleet = new Fleet(client);
        store.reset();
        ThingIndexSettled.await();
    }

    @AfterEach
    void restoreTheDefault() {
        groups.clear();
        store.reset();
        ThingIndexSettled.await();
    }

    @Test
    void groupIndexingOffHidesTheIndexAndOnShowsIt() {
        // the default: OFF, as AWS's disabled index
        search(Map.of("indexName", "AWS_ThingGroups", "queryString", "*"))
                .then()
                .statusCode(404)
                .header("x-amzn-ErrorType", containsString("ResourceNotFoundException"))
                .body("message", equalTo("Index AWS_ThingGroups does not exist"));
        given().get("/indices/AWS_ThingGroups").then().statusCode(404);
        assertThat(given().get("/indices")
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getList("indexNames"))
                .containsExactly("AWS_Things");

        // groups are indexed meanwhile, so ON shows them at once
        String group = Fleet.uniqueName("early");
        Fleet.group("CREATED", group, 1, "made while OFF", Map.of(), List.of());
        fleet.awaitDocument(GroupIndex.ALIAS, group, doc -> true);
        groupIndexing("ON");
        given().get("/indices/AWS_ThingGroups")
                .then()
                .statusCode(200)
                .body("indexStatus", equalTo("ACTIVE"))
                .body("schema", equalTo("REGISTRY"));
        assertThat(given().get("/indices")
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getList("indexNames"))
                .containsExactly("AWS_ThingGroups", "AWS_Things");
        assertThat(groupNames("thingGroupName:" + group)).containsExactly(group);

        groupIndexing("OFF");
        search(Map.of("indexName", "AWS_ThingGroups", "queryString", "*"))
                .then()
                .statusCode(404);
    }

    @Test
    void groupDocumentsAndTheirSearches() {
        groupIndexing("ON");
        String root = Fleet.uniqueName("root");
        String parent = Fleet.uniqueName("parent");
        String leaf = Fleet.uniqueName("leaf");
        Fleet.group("CREATED", root, 1, "the top", Map.of("site", "berlin"), List.of());
        Fleet.group("CREATED", parent, 2, null, Map.of("floor", "2"), List.of(root));
        Fleet.group(
                "CREATED", leaf, 3, "Kitchen lights", Map.of("floor", "3", "site", "berlin"), List.of(root, parent));
        fleet.awaitDocument(GroupIndex.ALIAS, leaf, doc -> true);

        JsonPath found = ok(Map.of("indexName", "AWS_ThingGroups", "queryString", "thingGroupName:" + leaf));
        assertThat(found.getList("things")).isNull();
        assertThat(found.getMap("thingGroups[0]"))
                .isEqualTo(groupDocument(
                        leaf, "Kitchen lights", Map.of("floor", "3", "site", "berlin"), List.of(root, parent)));

        assertThat(groupNames("parentGroupNames:" + root)).containsExactly(leaf, parent);
        assertThat(groupNames("parentGroupNames:(" + parent + " OR nothing)")).containsExactly(leaf);
        assertThat(groupNames("attributes.floor > 2 AND parentGroupNames:" + root))
                .containsExactly(leaf);
        assertThat(groupNames("attributes.site:BERLIN AND thingGroupName:" + root.substring(0, 6) + "*"))
                .contains(root)
                .doesNotContain(leaf);
        assertThat(groupNames("thingGroupDescription:\"kitchen lights\" AND thingGroupId:gid-" + leaf))
                .containsExactly(leaf);
        // unfielded: any group field
        assertThat(groupNames(root)).containsExactly(leaf, parent, root);

        // a thing's field is not a group's
        search(Map.of("indexName", "AWS_ThingGroups", "queryString", "thingName:" + leaf))
                .then()
                .statusCode(400)
                .header("x-amzn-ErrorType", containsString("InvalidQueryException"))
                .body("message", containsString("invalid field name, field name: thingName"));

        // pages of one, in name order
        List<String> paged = new ArrayList<>();
        String token = null;
        do {
            Map<String, Object> body = new HashMap<>(Map.of(
                    "indexName",
                    "AWS_ThingGroups",
                    "queryString",
                    "parentGroupNames:" + root + " OR thingGroupName:" + root,
                    "maxResults",
                    1));
            if (token != null) {
                body.put("nextToken", token);
            }
            JsonPath page = ok(body);
            paged.addAll(page.getList("thingGroups.thingGroupName"));
            token = page.getString("nextToken");
        } while (token != null);
        assertThat(paged).containsExactly(leaf, parent, root);
    }

    @Test
    void groupChangesAreOrderedByRevisionAndDeletionsLeaveATombstone() {
        groupIndexing("ON");
        String group = Fleet.uniqueName("versioned");
        Fleet.group("CREATED", group, 10, "first", Map.of("a", "1"), List.of());
        Fleet.group("UPDATED", group, 12, "third", Map.of(), List.of());
        Fleet.group("UPDATED", group, 11, "second", Map.of("a", "2"), List.of());
        fleet.barrier(Fleet.GROUP_TOPIC, group);
        assertThat(fleet.document(GroupIndex.ALIAS, group).orElseThrow())
                .containsEntry("thingGroupDescription", "third")
                .doesNotContainKey("attributes.a");

        Fleet.group("DELETED", group, 13, null, Map.of(), List.of());
        Fleet.group("UPDATED", group, 12, "third", Map.of(), List.of());
        fleet.barrier(Fleet.GROUP_TOPIC, group);
        assertThat(fleet.document(GroupIndex.ALIAS, group).orElseThrow())
                .containsEntry("live", false)
                .containsEntry("thingGroupName", group)
                .doesNotContainKey("thingGroupDescription");
        assertThat(groupNames("thingGroupName:" + group)).isEmpty();

        // re-created: a later revision
        Fleet.group("CREATED", group, 14, "again", Map.of(), List.of());
        fleet.awaitDocument(GroupIndex.ALIAS, group, doc -> Boolean.TRUE.equals(doc.get("live")));
        assertThat(groupNames("thingGroupName:" + group)).containsExactly(group);
    }

    @Test
    void aLostGroupIndexIsCreatedAgainAndFilledFromTheGroupService() throws Exception {
        groupIndexing("ON");
        String root = Fleet.uniqueName("lostroot");
        String leaf = Fleet.uniqueName("lostleaf");
        groups.put(GroupRecord.newBuilder()
                .setGroupName(root)
                .setGroupId("gid-" + root)
                .setVersion(1)
                .setRevision(20)
                .putAttributes("site", "berlin")
                .setLastModifiedMillis(System.currentTimeMillis())
                .build());
        groups.put(GroupRecord.newBuilder()
                .setGroupName(leaf)
                .setGroupId("gid-" + leaf)
                .setVersion(3)
                .setRevision(21)
                .setParentGroupName(root)
                .addRootToParent(GroupRef.newBuilder()
                        .setGroupName(root)
                        .setGroupId("gid-" + root)
                        .setGroupArn("arn:aws:iot:us-east-1:123456789012:thinggroup/" + root))
                .setDescription("Kitchen lights")
                .putAttributes("floor", "3")
                .setLastModifiedMillis(System.currentTimeMillis())
                .build());

        // OpenSearch lost the index: the coordinator creates it again and fills it from the group-service
        client.indices().delete(delete -> delete.index(GroupIndex.PHYSICAL));
        Instant deadline = Instant.now().plusSeconds(30);
        while (!setup.filled() && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
        }
        assertThat(setup.filled()).isTrue();
        assertThat(ok(Map.of("indexName", "AWS_ThingGroups", "queryString", "thingGroupName:" + leaf))
                        .getMap("thingGroups[0]"))
                .isEqualTo(groupDocument(leaf, "Kitchen lights", Map.of("floor", "3"), List.of(root)));
        assertThat(groupNames("attributes.site:berlin AND thingGroupName:" + root))
                .containsExactly(root);

        // the stream's documents are ordered by revision against the events: an older event changes nothing, a
        // newer deletion wins
        Fleet.group("UPDATED", leaf, 19, "older", Map.of(), List.of(root));
        Fleet.group("DELETED", root, 22, null, Map.of(), List.of());
        fleet.barrier(Fleet.GROUP_TOPIC, leaf);
        fleet.barrier(Fleet.GROUP_TOPIC, root);
        assertThat(fleet.document(GroupIndex.ALIAS, leaf).orElseThrow())
                .containsEntry("thingGroupDescription", "Kitchen lights");
        assertThat(groupNames("thingGroupName:" + root)).isEmpty();
    }

    /** A group as SearchIndex answers it (its id is the one {@link Fleet#group} and these tests give it). */
    private static Map<String, Object> groupDocument(
            String name, String description, Map<String, String> attributes, List<String> parents) {
        return Map.of(
                "thingGroupName", name,
                "thingGroupId", "gid-" + name,
                "thingGroupDescription", description,
                "attributes", attributes,
                "parentGroupNames", parents);
    }

    private static void groupIndexing(String mode) {
        given().contentType(ContentType.JSON)
                .body("{\"thingGroupIndexingConfiguration\": {\"thingGroupIndexingMode\": \"" + mode + "\"}}")
                .post("/indexing/config")
                .then()
                .statusCode(200);
    }

    private List<String> groupNames(String query) {
        return ok(Map.of("indexName", "AWS_ThingGroups", "queryString", query)).getList("thingGroups.thingGroupName");
    }

    /** SearchIndex, after a refresh so that every write so far shows. */
    private JsonPath ok(Map<String, Object> body) {
        try {
            client.indices().refresh(refresh -> refresh.index(GroupIndex.ALIAS));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return search(body).then().statusCode(200).extract().jsonPath();
    }

    private static Response search(Map<String, Object> body) {
        return given().contentType(ContentType.JSON).body(body).post("/indices/search");
    }
}

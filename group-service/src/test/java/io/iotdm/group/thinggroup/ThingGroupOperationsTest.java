package io.iotdm.group.thinggroup;

import static io.iotdm.group.Api.createChild;
import static io.iotdm.group.Api.createGroup;
import static io.iotdm.group.Api.deleteGroup;
import static io.iotdm.group.Api.describeGroup;
import static io.iotdm.group.Api.read;
import static io.iotdm.group.Api.unique;
import static io.iotdm.group.Api.updateGroup;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import com.fasterxml.jackson.databind.JsonNode;
import io.iotdm.events.Event;
import io.iotdm.group.GroupTestResource;
import io.iotdm.testing.KafkaTopicReader;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** Static thing groups over the service's AWS REST-JSON interface, on real PostgreSQL and Kafka. */
@QuarkusTest
@GroupTestResource
class ThingGroupOperationsTest {

    private static final String ARN = "arn:aws:iot:us-east-1:123456789012:thinggroup/";

    @Test
    void createAndDescribeARootGroup() {
        String name = unique("root");
        String id = createGroup(
                        name,
                        "{\"thingGroupProperties\":{\"thingGroupDescription\":\"the root\","
                                + "\"attributePayload\":{\"attributes\":{\"site\":\"lyon\"}}}}")
                .statusCode(200)
                .body("thingGroupName", equalTo(name))
                .body("thingGroupArn", equalTo(ARN + name))
                .body("thingGroupId", notNullValue())
                .extract()
                .path("thingGroupId");

        describeGroup(name)
                .statusCode(200)
                .body("thingGroupName", equalTo(name))
                .body("thingGroupId", equalTo(id))
                .body("thingGroupArn", equalTo(ARN + name))
                .body("version", equalTo(1))
                .body("thingGroupProperties.thingGroupDescription", equalTo("the root"))
                .body("thingGroupProperties.attributePayload.attributes.site", equalTo("lyon"))
                .body("thingGroupMetadata.parentGroupName", nullValue())
                .body("thingGroupMetadata.rootToParentThingGroups", nullValue())
                .body("thingGroupMetadata.creationDate", notNullValue());
    }

    @Test
    void aChildKnowsItsParentAndItsAncestryFromTheRoot() {
        String root = unique("a");
        String middle = unique("b");
        String leaf = unique("c");
        createGroup(root).statusCode(200);
        createChild(middle, root).statusCode(200);
        createChild(leaf, middle).statusCode(200);

        describeGroup(leaf)
                .statusCode(200)
                .body("thingGroupMetadata.parentGroupName", equalTo(middle))
                .body("thingGroupMetadata.rootToParentThingGroups.groupName", contains(root, middle))
                .body("thingGroupMetadata.rootToParentThingGroups.groupArn", contains(ARN + root, ARN + middle));
    }

    @Test
    void creatingAgainWithTheSamePropertiesAnswersTheSameGroupAndElseConflictsWithAwsText() {
        String name = unique("idem");
        String body = "{\"thingGroupProperties\":{\"thingGroupDescription\":\"d\"}}";
        String id = createGroup(name, body).statusCode(200).extract().path("thingGroupId");
        createGroup(name, body).statusCode(200).body("thingGroupId", equalTo(id));

        createGroup(name, "{\"thingGroupProperties\":{\"thingGroupDescription\":\"other\"}}")
                .statusCode(409)
                .header("x-amzn-ErrorType", "ResourceAlreadyExistsException")
                .body(
                        "message",
                        equalTo("Thing Group " + name + " already exists in current account with different properties"))
                .body("resourceId", equalTo(id))
                .body("resourceArn", equalTo(ARN + name));

        // the parent is a property too, fixed at creation
        String parent = unique("parent");
        createGroup(parent).statusCode(200);
        createGroup(
                        name,
                        "{\"parentGroupName\":\"" + parent + "\","
                                + "\"thingGroupProperties\":{\"thingGroupDescription\":\"d\"}}")
                .statusCode(409)
                .header("x-amzn-ErrorType", "ResourceAlreadyExistsException");
    }

    @Test
    void aParentThatDoesNotExistIsNotFound() {
        createChild(unique("orphan"), unique("missing"))
                .statusCode(404)
                .header("x-amzn-ErrorType", "ResourceNotFoundException");
    }

    @Test
    void namesAreValidatedAgainstTheModel() {
        given().contentType("application/json")
                .body("{}")
                .post("/thing-groups/bad name")
                .then()
                .statusCode(400)
                .header("x-amzn-ErrorType", "InvalidRequestException");
    }

    @Test
    void aHierarchyIsAtMostSevenLevelsDeep() {
        String parent = unique("l1");
        createGroup(parent).statusCode(200);
        for (int level = 2; level <= 7; level++) {
            String child = unique("l" + level);
            createChild(child, parent).statusCode(200);
            parent = child;
        }
        String eighth = unique("l8");
        createChild(eighth, parent)
                .statusCode(400)
                .header("x-amzn-ErrorType", "InvalidRequestException")
                .body(
                        "message",
                        equalTo("Thing group " + eighth + " cannot be created under " + parent
                                + ": a thing group hierarchy can be at most 7 levels deep"));
    }

    @Test
    void aGroupHasAtMostOneHundredChildren() {
        String parent = unique("crowd");
        createGroup(parent).statusCode(200);
        for (int i = 0; i < 100; i++) {
            createChild(parent + "-" + i, parent).statusCode(200);
        }
        createChild(parent + "-100", parent)
                .statusCode(400)
                .header("x-amzn-ErrorType", "InvalidRequestException")
                .body(
                        "message",
                        equalTo("Thing group " + parent
                                + " already has 100 child groups, the most a thing group can have"));
    }

    @Test
    void aGroupHasAtMostFiftyAttributes() {
        String name = unique("attrs");
        createGroup(name, "{\"thingGroupProperties\":{\"attributePayload\":{\"attributes\":" + attributes(51) + "}}}")
                .statusCode(400)
                .header("x-amzn-ErrorType", "InvalidRequestException")
                .body("message", equalTo("A thing group can have at most 50 attributes; this one would have 51"));
        createGroup(name, "{\"thingGroupProperties\":{\"attributePayload\":{\"attributes\":" + attributes(50) + "}}}")
                .statusCode(200);
        updateGroup(
                        name,
                        "{\"thingGroupProperties\":{\"attributePayload\":{\"attributes\":{\"extra\":\"1\"},"
                                + "\"merge\":true}}}")
                .statusCode(400)
                .header("x-amzn-ErrorType", "InvalidRequestException");
    }

    @Test
    void updateReplacesOrMergesAndChecksTheExpectedVersion() {
        String name = unique("upd");
        createGroup(
                        name,
                        "{\"thingGroupProperties\":{\"thingGroupDescription\":\"d1\","
                                + "\"attributePayload\":{\"attributes\":{\"a\":\"1\",\"b\":\"2\"}}}}")
                .statusCode(200);

        updateGroup(
                        name,
                        "{\"thingGroupProperties\":{\"attributePayload\":{\"attributes\":{\"b\":\"\",\"c\":\"3\"},"
                                + "\"merge\":true}}}")
                .statusCode(200)
                .body("version", equalTo(2));
        describeGroup(name)
                .body("thingGroupProperties.thingGroupDescription", equalTo("d1"))
                .body("thingGroupProperties.attributePayload.attributes.a", equalTo("1"))
                .body("thingGroupProperties.attributePayload.attributes.b", nullValue())
                .body("thingGroupProperties.attributePayload.attributes.c", equalTo("3"));

        updateGroup(
                        name,
                        "{\"expectedVersion\":2,\"thingGroupProperties\":{\"thingGroupDescription\":\"d2\","
                                + "\"attributePayload\":{\"attributes\":{\"z\":\"9\"}}}}")
                .statusCode(200)
                .body("version", equalTo(3));
        describeGroup(name)
                .body("thingGroupProperties.thingGroupDescription", equalTo("d2"))
                .body("thingGroupProperties.attributePayload.attributes.size()", equalTo(1))
                .body("version", equalTo(3));

        updateGroup(name, "{\"expectedVersion\":2,\"thingGroupProperties\":{}}")
                .statusCode(409)
                .header("x-amzn-ErrorType", "VersionConflictException")
                .body(
                        "message",
                        equalTo("The version for thing group " + name + " does not match the expected version."));
        updateGroup(unique("nope"), "{\"thingGroupProperties\":{}}")
                .statusCode(404)
                .header("x-amzn-ErrorType", "ResourceNotFoundException");
    }

    @Test
    void deleteIsRefusedWhileChildrenExistAndIsIdempotent() {
        String parent = unique("p");
        String child = unique("c");
        createGroup(parent).statusCode(200);
        createChild(child, parent).statusCode(200);

        deleteGroup(parent)
                .statusCode(400)
                .header("x-amzn-ErrorType", "InvalidRequestException")
                .body(
                        "message",
                        equalTo("Cannot delete thing group : " + parent
                                + " when there are still child groups attached to it"));

        given().delete("/thing-groups/" + child + "?expectedVersion=5")
                .then()
                .statusCode(409)
                .header("x-amzn-ErrorType", "VersionConflictException");
        given().delete("/thing-groups/" + child + "?expectedVersion=1").then().statusCode(200);
        deleteGroup(child).statusCode(200);
        deleteGroup(parent).statusCode(200);
        describeGroup(parent).statusCode(404).header("x-amzn-ErrorType", "ResourceNotFoundException");
        // a name is free again after deletion, with a new id
        createGroup(parent).statusCode(200);
    }

    @Test
    void listsChildrenDescendantsPrefixesAndPages() {
        String root = unique("tree");
        createGroup(root).statusCode(200);
        createChild(root + "-a", root).statusCode(200);
        createChild(root + "-b", root).statusCode(200);
        createChild(root + "-a-x", root + "-a").statusCode(200);

        given().queryParam("parentGroup", root)
                .get("/thing-groups")
                .then()
                .statusCode(200)
                .body("thingGroups.groupName", contains(root + "-a", root + "-b"))
                .body("thingGroups.groupArn", contains(ARN + root + "-a", ARN + root + "-b"));
        given().queryParam("parentGroup", root)
                .queryParam("recursive", true)
                .get("/thing-groups")
                .then()
                .body("thingGroups.groupName", contains(root + "-a", root + "-a-x", root + "-b"));
        given().queryParam("namePrefixFilter", root + "-a")
                .get("/thing-groups")
                .then()
                .body("thingGroups.groupName", contains(root + "-a", root + "-a-x"));
        given().queryParam("namePrefixFilter", root)
                .queryParam("recursive", false)
                .get("/thing-groups")
                .then()
                .body("thingGroups.groupName", contains(root));
        given().queryParam("parentGroup", unique("none"))
                .get("/thing-groups")
                .then()
                .statusCode(404)
                .header("x-amzn-ErrorType", "ResourceNotFoundException");

        // pages of one, with tokens bound to the filter
        List<String> seen = new ArrayList<>();
        String token = null;
        do {
            var request = given().queryParam("parentGroup", root)
                    .queryParam("recursive", true)
                    .queryParam("maxResults", 1);
            if (token != null) {
                request.queryParam("nextToken", token);
            }
            JsonNode page = read(request.get("/thing-groups")
                    .then()
                    .statusCode(200)
                    .extract()
                    .asString());
            page.get("thingGroups")
                    .forEach(group -> seen.add(group.get("groupName").asText()));
            token = page.hasNonNull("nextToken") ? page.get("nextToken").asText() : null;
            if (token != null) {
                given().queryParam("parentGroup", root)
                        .queryParam("maxResults", 1)
                        .queryParam("nextToken", token)
                        .get("/thing-groups")
                        .then()
                        .statusCode(400)
                        .header("x-amzn-ErrorType", "InvalidRequestException");
            }
        } while (token != null);
        assertThat(seen).containsExactly(root + "-a", root + "-a-x", root + "-b");
    }

    @Test
    void createUpdateAndDeletePublishGroupAndHierarchyEventsWithRevisions() {
        String parent = unique("evp");
        String child = unique("evc");
        String parentId = createGroup(parent).statusCode(200).extract().path("thingGroupId");
        String childId = createGroup(
                        child,
                        "{\"parentGroupName\":\"" + parent + "\",\"thingGroupProperties\":{"
                                + "\"thingGroupDescription\":\"kid\",\"attributePayload\":{\"attributes\":{\"k\":\"v\"}}}}")
                .statusCode(200)
                .extract()
                .path("thingGroupId");
        updateGroup(child, "{\"thingGroupProperties\":{\"thingGroupDescription\":\"kid2\"}}")
                .statusCode(200);
        deleteGroup(child).statusCode(200);

        List<ConsumerRecord<String, String>> records = KafkaTopicReader.await(
                "aws.events.thingGroup", record -> record.key().equals(child), 3);
        List<JsonNode> payloads =
                records.stream().map(record -> read(record.value())).toList();
        assertThat(payloads.stream().map(payload -> payload.get("operation").asText()))
                .containsExactly("CREATED", "UPDATED", "DELETED");
        assertThat(payloads.stream().map(payload -> payload.get("versionNumber").asLong()))
                .containsExactly(1L, 2L, 2L);
        assertThat(records.stream().map(record -> KafkaTopicReader.header(record, Event.MQTT_TOPIC_HEADER)))
                .containsExactly(
                        "$aws/events/thingGroup/" + child + "/created",
                        "$aws/events/thingGroup/" + child + "/updated",
                        "$aws/events/thingGroup/" + child + "/deleted");
        List<Long> revisions = records.stream()
                .map(record -> Long.parseLong(KafkaTopicReader.header(record, Event.RESOURCE_VERSION_HEADER)))
                .toList();
        assertThat(revisions).isSorted().doesNotHaveDuplicates();

        JsonNode created = payloads.getFirst();
        assertThat(created)
                .isEqualTo(read(
                        """
                        {"eventType":"THING_GROUP_EVENT","eventId":"%s","timestamp":%d,"operation":"CREATED",
                         "accountId":"123456789012","thingGroupId":"%s","thingGroupName":"%s","versionNumber":1,
                         "parentGroupName":"%s","parentGroupId":"%s","description":"kid",
                         "rootToParentThingGroups":[{"groupArn":"%s","groupId":"%s"}],
                         "attributes":{"k":"v"},"dynamicGroupMappingId":null}"""
                                .formatted(
                                        created.get("eventId").asText(),
                                        created.get("timestamp").asLong(),
                                        childId,
                                        child,
                                        parent,
                                        parentId,
                                        ARN + parent,
                                        parentId)));
        assertThat(payloads.get(1).get("description").asText()).isEqualTo("kid2");
        assertThat(KafkaTopicReader.header(records.getFirst(), Event.EVENT_ID_HEADER))
                .isEqualTo(created.get("eventId").asText());

        List<ConsumerRecord<String, String>> hierarchy = KafkaTopicReader.await(
                "aws.events.thingGroupHierarchy", record -> record.key().equals(parent), 2);
        assertThat(hierarchy.stream().map(record -> KafkaTopicReader.header(record, Event.MQTT_TOPIC_HEADER)))
                .containsExactly(
                        "$aws/events/thingGroupHierarchy/thingGroup/" + parent + "/childThingGroup/" + child + "/added",
                        "$aws/events/thingGroupHierarchy/thingGroup/" + parent + "/childThingGroup/" + child
                                + "/removed");
        JsonNode added = read(hierarchy.getFirst().value());
        assertThat(added)
                .isEqualTo(read(
                        """
                        {"eventType":"THING_GROUP_HIERARCHY_EVENT","eventId":"%s","timestamp":%d,
                         "operation":"ADDED","accountId":"123456789012","thingGroupId":"%s","thingGroupName":"%s",
                         "childGroupId":"%s","childGroupName":"%s"}"""
                                .formatted(
                                        added.get("eventId").asText(),
                                        added.get("timestamp").asLong(),
                                        parentId,
                                        parent,
                                        childId,
                                        child)));
        // the hierarchy events carry the revisions of the child's creation and deletion
        assertThat(hierarchy.stream()
                        .map(record -> Long.parseLong(KafkaTopicReader.header(record, Event.RESOURCE_VERSION_HEADER))))
                .containsExactly(revisions.get(0), revisions.get(2));
    }

    private static String attributes(int count) {
        return IntStream.range(0, count)
                .mapToObj(i -> "\"k" + i + "\":\"v\"")
                .collect(Collectors.joining(",", "{", "}"));
    }
}

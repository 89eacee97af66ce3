package io.iotdm.group.dynamic;

import static io.iotdm.group.Api.add;
import static io.iotdm.group.Api.createChild;
import static io.iotdm.group.Api.createGroup;
import static io.iotdm.group.Api.deleteGroup;
import static io.iotdm.group.Api.describeGroup;
import static io.iotdm.group.Api.put;
import static io.iotdm.group.Api.unique;
import static io.iotdm.group.Api.updateGroup;
import static io.iotdm.group.Dynamic.awaitStatus;
import static io.iotdm.group.Dynamic.createDynamic;
import static io.iotdm.group.Dynamic.createDynamicWithQuery;
import static io.iotdm.group.Dynamic.definitions;
import static io.iotdm.group.Dynamic.deleteDynamic;
import static io.iotdm.group.Dynamic.updateDynamic;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;

import io.iotdm.events.DynamicGroupMessages;
import io.iotdm.events.DynamicGroupMessages.Definition;
import io.iotdm.group.GroupTestResource;
import io.iotdm.group.TestRegistry;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.config.ConfigResource;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/** Create/Update/DeleteDynamicThingGroup and the rules of docs/aws-behaviour.md §1.5 over REST-JSON. */
@QuarkusTest
@GroupTestResource
class DynamicThingGroupOperationsTest {

    private static final String GROUP_ARN = "arn:aws:iot:us-east-1:123456789012:thinggroup/";

    @Inject
    TestRegistry registry;

    @Test
    void createDescribeUpdateAndDeleteWithTheirDefinitions() throws Exception {
        String group = unique("dyn");
        String id = createDynamic(
                        group,
                        "{\"queryString\":\"attributes.color:red\",\"thingGroupProperties\":{"
                                + "\"thingGroupDescription\":\"red things\"},\"tags\":[{\"Key\":\"k\",\"Value\":\"v\"}]}")
                .statusCode(200)
                .body("thingGroupName", equalTo(group))
                .body("thingGroupArn", equalTo(GROUP_ARN + group))
                .body("indexName", equalTo("AWS_Things"))
                .body("queryString", equalTo("attributes.color:red"))
                .body("queryVersion", equalTo("2017-09-30"))
                .extract()
                .path("thingGroupId");
        // the same creation again answers the group; another query is another group
        createDynamic(
                        group,
                        "{\"queryString\":\"attributes.color:red\",\"thingGroupProperties\":{"
                                + "\"thingGroupDescription\":\"red things\"}}")
                .statusCode(200)
                .body("thingGroupId", equalTo(id));
        createDynamicWithQuery(group, "attributes.color:blue")
                .statusCode(409)
                .header("x-amzn-ErrorType", "ResourceAlreadyExistsException");

        awaitStatus(group, "ACTIVE");
        describeGroup(group)
                .statusCode(200)
                .body("thingGroupId", equalTo(id))
                .body("version", equalTo(1))
                .body("indexName", equalTo("AWS_Things"))
                .body("queryString", equalTo("attributes.color:red"))
                .body("queryVersion", equalTo("2017-09-30"))
                .body("thingGroupProperties.thingGroupDescription", equalTo("red things"))
                .body("thingGroupMetadata.parentGroupName", nullValue());

        // properties only: no new definition, no rebuild
        updateDynamic(group, "{\"thingGroupProperties\":{\"thingGroupDescription\":\"crimson\"}}")
                .statusCode(200)
                .body("version", equalTo(2));
        assertThat(status(group)).isEqualTo("ACTIVE");
        updateDynamic(group, "{\"thingGroupProperties\":{},\"expectedVersion\":1,\"queryString\":\"x:1\"}")
                .statusCode(409)
                .header("x-amzn-ErrorType", "VersionConflictException");
        // a new query rebuilds the group
        updateDynamic(
                        group,
                        "{\"thingGroupProperties\":{},\"expectedVersion\":2,"
                                + "\"queryString\":\"attributes.color:green\"}")
                .statusCode(200)
                .body("version", equalTo(3));
        describeGroup(group).statusCode(200).body("queryString", equalTo("attributes.color:green"));
        awaitStatus(group, "ACTIVE");

        List<Definition> published = definitions(group, 2);
        assertThat(published)
                .extracting(Definition::queryString)
                .containsExactly("attributes.color:red", "attributes.color:green");
        assertThat(published.get(0).creationRevision())
                .isEqualTo(published.get(0).revision());
        assertThat(published.get(1).creationRevision())
                .isEqualTo(published.get(0).revision());
        assertThat(published.get(1).revision()).isGreaterThan(published.get(0).revision());
        assertThat(published).extracting(Definition::deleted).containsOnly(false);
        assertThat(published).extracting(Definition::groupId).containsOnly(id);

        given().get("/thing-groups").then().statusCode(200).body("thingGroups.groupName", hasItem(group));

        deleteDynamic(group + "?expectedVersion=1")
                .statusCode(409)
                .header("x-amzn-ErrorType", "VersionConflictException");
        deleteDynamic(group).statusCode(200);
        deleteDynamic(group).statusCode(200); // idempotent, as DeleteThingGroup
        describeGroup(group).statusCode(404);
        Definition deleted = definitions(group, 3).get(2);
        assertThat(deleted.deleted()).isTrue();
        assertThat(deleted.revision()).isGreaterThan(published.get(1).revision());

        assertThat(cleanupPolicy()).isEqualTo("compact");
    }

    @Test
    void queriesAreValidatedByTheIndexingService() {
        String group = unique("dyn");
        createDynamicWithQuery(group, "INVALID((")
                .statusCode(400)
                .header("x-amzn-ErrorType", "InvalidQueryException")
                .body("message", equalTo("Syntax error in query string: INVALID(("));
        createDynamic(group, "{\"queryString\":\"a:b\",\"indexName\":\"AWS_ThingGroups\"}")
                .statusCode(400)
                .header("x-amzn-ErrorType", "InvalidRequestException");
        createDynamic(group, "{\"queryString\":\"a:b\",\"queryVersion\":\"2020-01-01\"}")
                .statusCode(400)
                .header("x-amzn-ErrorType", "InvalidRequestException");
        createDynamic(group, "{}").statusCode(400).header("x-amzn-ErrorType", "InvalidRequestException");
        describeGroup(group).statusCode(404);

        createDynamicWithQuery(group, "a:b").statusCode(200);
        updateDynamic(group, "{\"thingGroupProperties\":{},\"queryString\":\"INVALID\"}")
                .statusCode(400)
                .header("x-amzn-ErrorType", "InvalidQueryException");
        describeGroup(group).statusCode(200).body("queryString", equalTo("a:b")).body("version", equalTo(1));
        updateDynamic(unique("none"), "{\"thingGroupProperties\":{}}")
                .statusCode(404)
                .header("x-amzn-ErrorType", "ResourceNotFoundException");
        deleteDynamic(group).statusCode(200);
    }

    @Test
    void theNumberOfDynamicGroupsIsLimited() {
        int limit = ConfigProvider.getConfig().getValue("iotdm.group.dynamic.max-groups", Integer.class);
        List<String> created = new ArrayList<>();
        try {
            for (int i = 0; i <= limit; i++) {
                String group = unique("many");
                int status = createDynamicWithQuery(group, "a:" + i).extract().statusCode();
                if (status != 200) {
                    createDynamicWithQuery(group, "a:" + i)
                            .statusCode(410)
                            .header("x-amzn-ErrorType", "LimitExceededException");
                    return;
                }
                created.add(group);
            }
            throw new AssertionError("more than " + limit + " dynamic groups were created");
        } finally {
            created.forEach(group -> deleteDynamic(group).statusCode(200));
        }
    }

    @Test
    void dynamicGroupsHaveNoChildrenNoManualMembersAndTheirOwnOperations() {
        String thing = unique("t");
        registry.put(thing);
        String dynamic = unique("dyn");
        String stat = unique("static");
        createDynamicWithQuery(dynamic, "a:b").statusCode(200);
        createGroup(stat).statusCode(200);

        createChild(unique("child"), dynamic).statusCode(400).header("x-amzn-ErrorType", "InvalidRequestException");
        add(thing, dynamic).statusCode(400).header("x-amzn-ErrorType", "InvalidRequestException");
        put("removeThingFromThingGroup", "{\"thingName\":\"" + thing + "\",\"thingGroupName\":\"" + dynamic + "\"}")
                .statusCode(400)
                .header("x-amzn-ErrorType", "InvalidRequestException");
        put(
                        "updateThingGroupsForThing",
                        "{\"thingName\":\"" + thing + "\",\"thingGroupsToAdd\":[\"" + stat + "\",\"" + dynamic + "\"]}")
                .statusCode(400)
                .header("x-amzn-ErrorType", "InvalidRequestException");
        given().get("/things/" + thing + "/thing-groups")
                .then()
                .statusCode(200)
                .body("thingGroups", equalTo(List.of()));

        // each kind is deleted by its own operation; a static one is not updated as a dynamic one
        deleteGroup(dynamic).statusCode(400).header("x-amzn-ErrorType", "InvalidRequestException");
        deleteDynamic(stat).statusCode(400).header("x-amzn-ErrorType", "InvalidRequestException");
        updateDynamic(stat, "{\"thingGroupProperties\":{}}")
                .statusCode(400)
                .header("x-amzn-ErrorType", "InvalidRequestException");
        createGroup(dynamic).statusCode(409).header("x-amzn-ErrorType", "ResourceAlreadyExistsException");

        // UpdateThingGroup changes a dynamic group's properties, not its query
        updateGroup(dynamic, "{\"thingGroupProperties\":{\"attributePayload\":{\"attributes\":{\"k\":\"v\"}}}}")
                .statusCode(200)
                .body("version", equalTo(2));
        describeGroup(dynamic)
                .statusCode(200)
                .body("queryString", equalTo("a:b"))
                .body("thingGroupProperties.attributePayload.attributes.k", equalTo("v"));
        deleteDynamic(dynamic).statusCode(200);
    }

    @Inject
    DefinitionsTopic definitionsTopic;

    @Test
    void aTopicThatIsNotCompactedIsAltered() throws Exception {
        String topic = unique("definitions-test");
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic(topic, 1, (short) 1)
                            .configs(java.util.Map.of("cleanup.policy", "delete"))))
                    .all()
                    .get();
        }
        definitionsTopic.ensureCompacted(topic);
        assertThat(cleanupPolicy(topic)).isEqualTo("compact");
        String fresh = unique("definitions-new");
        definitionsTopic.ensureCompacted(fresh);
        assertThat(cleanupPolicy(fresh)).isEqualTo("compact");
    }

    private static String status(String group) {
        return io.iotdm.group.Dynamic.status(group);
    }

    private static Admin admin() {
        Properties properties = new Properties();
        properties.put(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
        return Admin.create(properties);
    }

    private static String cleanupPolicy() throws Exception {
        return cleanupPolicy(DynamicGroupMessages.DEFINITIONS_TOPIC);
    }

    private static String cleanupPolicy(String name) throws Exception {
        try (Admin admin = admin()) {
            ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, name);
            return admin.describeConfigs(List.of(topic))
                    .all()
                    .get()
                    .get(topic)
                    .get("cleanup.policy")
                    .value();
        }
    }
}

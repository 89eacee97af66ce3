package io.iotdm.provisioning.policy;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;

import com.fasterxml.jackson.databind.json.JsonMapper;
import io.iotdm.events.ProvisioningChanges;
import io.iotdm.provisioning.ProvisioningTestResource;
import io.iotdm.testing.KafkaTopicReader;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@ProvisioningTestResource
class PolicyTest {

    static final String ALLOW_CONNECT =
            """
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iot:Connect","Resource":"*"}]}""";
    static final String ALLOW_PUBLISH =
            """
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iot:Publish","Resource":"*"}]}""";

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static ValidatableResponse create(String name, String document) {
        return given().contentType(ContentType.JSON)
                .body(JsonMapper.builder()
                        .build()
                        .createObjectNode()
                        .put("policyDocument", document)
                        .toString())
                .post("/policies/" + name)
                .then();
    }

    static ValidatableResponse createVersion(String name, String document, boolean setAsDefault) {
        return given().contentType(ContentType.JSON)
                .body(JsonMapper.builder()
                        .build()
                        .createObjectNode()
                        .put("policyDocument", document)
                        .toString())
                .post("/policies/" + name + "/version?setAsDefault=" + setAsDefault)
                .then();
    }

    @Test
    void createThenGetAnswersTheDefaultVersion() {
        String name = unique("lamp");
        create(name, ALLOW_CONNECT)
                .statusCode(200)
                .body("policyName", equalTo(name))
                .body("policyArn", equalTo("arn:aws:iot:us-east-1:123456789012:policy/" + name))
                .body("policyDocument", equalTo(ALLOW_CONNECT))
                .body("policyVersionId", equalTo("1"));

        given().get("/policies/" + name)
                .then()
                .statusCode(200)
                .body("policyName", equalTo(name))
                .body("policyDocument", equalTo(ALLOW_CONNECT))
                .body("defaultVersionId", equalTo("1"))
                .body("creationDate", notNullValue())
                .body("lastModifiedDate", notNullValue())
                .body("generationId", matchesPattern("[0-9a-f]{64}"));
    }

    @Test
    void aSecondCreateOfTheNameIsRefusedAsAwsRefusesIt() {
        String name = unique("twice");
        create(name, ALLOW_CONNECT).statusCode(200);
        create(name, ALLOW_PUBLISH)
                .statusCode(409)
                .header("x-amzn-ErrorType", "ResourceAlreadyExistsException")
                .body("message", equalTo("Policy cannot be created - name already exists (name=" + name + ")"))
                .body("resourceId", equalTo(name))
                .body("resourceArn", equalTo("arn:aws:iot:us-east-1:123456789012:policy/" + name));
        given().get("/policies/" + name).then().body("policyDocument", equalTo(ALLOW_CONNECT));
    }

    @Test
    void aMalformedDocumentIsRefusedAndNothingIsWritten() {
        String name = unique("bad");
        create(name, "{not json")
                .statusCode(400)
                .header("x-amzn-ErrorType", "MalformedPolicyException")
                .body("message", equalTo("Policy document is Malformed"));
        given().get("/policies/" + name)
                .then()
                .statusCode(404)
                .header("x-amzn-ErrorType", "ResourceNotFoundException")
                .body("message", equalTo("Policy not found"));
    }

    @Test
    void versionsAreNumberedNeverReusedAndLimitedToFive() {
        String name = unique("versions");
        create(name, ALLOW_CONNECT).statusCode(200);
        createVersion(name, ALLOW_PUBLISH, false)
                .statusCode(200)
                .body("policyVersionId", equalTo("2"))
                .body("isDefaultVersion", equalTo(false));
        createVersion(name, ALLOW_PUBLISH, true)
                .statusCode(200)
                .body("policyVersionId", equalTo("3"))
                .body("isDefaultVersion", equalTo(true));
        given().get("/policies/" + name).then().body("defaultVersionId", equalTo("3"));
        createVersion(name, ALLOW_CONNECT, false).statusCode(200);
        createVersion(name, ALLOW_CONNECT, false).statusCode(200).body("policyVersionId", equalTo("5"));
        createVersion(name, ALLOW_CONNECT, false)
                .statusCode(409)
                .header("x-amzn-ErrorType", "VersionsLimitExceededException")
                .body("message", equalTo("The policy " + name + " already has the maximum number of versions (5)"));

        given().delete("/policies/" + name + "/version/2").then().statusCode(200);
        createVersion(name, ALLOW_CONNECT, false).statusCode(200).body("policyVersionId", equalTo("6"));

        given().get("/policies/" + name + "/version")
                .then()
                .statusCode(200)
                .body("policyVersions.versionId", equalTo(List.of("1", "3", "4", "5", "6")))
                .body("policyVersions.isDefaultVersion", equalTo(List.of(false, true, false, false, false)))
                .body("policyVersions[0].createDate", notNullValue());
        given().get("/policies/" + name + "/version/3")
                .then()
                .statusCode(200)
                .body("policyName", equalTo(name))
                .body("policyVersionId", equalTo("3"))
                .body("policyDocument", equalTo(ALLOW_PUBLISH))
                .body("isDefaultVersion", equalTo(true));
        given().get("/policies/" + name + "/version/2")
                .then()
                .statusCode(404)
                .header("x-amzn-ErrorType", "ResourceNotFoundException")
                .body("message", equalTo("Policy version not found (name=" + name + ", versionId=2)"));
        given().get("/policies/" + name + "/version/99999999999999").then().statusCode(404);
    }

    static ValidatableResponse createTagged(String name, int tagCount) {
        var request = JsonMapper.builder().build().createObjectNode().put("policyDocument", ALLOW_CONNECT);
        var tags = request.putArray("tags");
        for (int i = 0; i < tagCount; i++) {
            tags.addObject().put("Key", "k" + i).put("Value", "v" + i);
        }
        return given().contentType(ContentType.JSON)
                .body(request.toString())
                .post("/policies/" + name)
                .then();
    }

    @Test
    void createPolicyTagsAreThePolicysTagsUntilItIsDeleted() {
        String name = unique("tagged");
        String arn = "arn:aws:iot:us-east-1:123456789012:policy/" + name;
        given().queryParam("resourceArn", arn)
                .get("/tags")
                .then()
                .statusCode(404)
                .header("x-amzn-ErrorType", "ResourceNotFoundException")
                .body("message", equalTo("Resource " + arn + " does not exist"));
        createTagged(name, 2).statusCode(200);
        given().queryParam("resourceArn", arn)
                .get("/tags")
                .then()
                .statusCode(200)
                .body("tags.Key", equalTo(List.of("k0", "k1")))
                .body("tags.Value", equalTo(List.of("v0", "v1")));
        given().contentType(ContentType.JSON)
                .body("{\"resourceArn\":\"" + arn + "\",\"tagKeys\":[\"k0\"]}")
                .post("/untag")
                .then()
                .statusCode(200);
        given().queryParam("resourceArn", arn).get("/tags").then().body("tags.Key", equalTo(List.of("k1")));

        given().delete("/policies/" + name).then().statusCode(200);
        given().queryParam("resourceArn", arn).get("/tags").then().statusCode(404);
        create(name, ALLOW_CONNECT).statusCode(200);
        given().queryParam("resourceArn", arn)
                .get("/tags")
                .then()
                .statusCode(200)
                .body("tags", equalTo(List.of()));
    }

    @Test
    void moreThanFiftyTagsAreRefusedAsCreatePolicyDeclaresNoLimitError() {
        String name = unique("too-many-tags");
        createTagged(name, 51)
                .statusCode(400)
                .header("x-amzn-ErrorType", "InvalidRequestException")
                .body("message", equalTo("A resource can have at most 50 tags; this one would have 51"));
        given().get("/policies/" + name).then().statusCode(404);
        // a certificate takes no tags: provisioning-service answers for its ARN as for any it does not tag
        String certificateArn = "arn:aws:iot:us-east-1:123456789012:cert/" + "ab".repeat(32);
        given().queryParam("resourceArn", certificateArn)
                .get("/tags")
                .then()
                .statusCode(400)
                .header("x-amzn-ErrorType", "InvalidRequestException")
                .body(
                        "message",
                        equalTo("provisioning-service tags the provisioning templates, policies and CA certificates of"
                                + " this account; " + certificateArn + " is not one"));
    }

    @Test
    void theDefaultVersionCannotBeDeletedNorAPolicyWithOtherVersions() {
        String name = unique("delete");
        create(name, ALLOW_CONNECT).statusCode(200);
        createVersion(name, ALLOW_PUBLISH, false).statusCode(200);
        given().delete("/policies/" + name + "/version/1")
                .then()
                .statusCode(409)
                .header("x-amzn-ErrorType", "DeleteConflictException")
                .body("message", equalTo("Cannot delete the default version of a policy"));
        given().delete("/policies/" + name)
                .then()
                .statusCode(409)
                .header("x-amzn-ErrorType", "DeleteConflictException")
                .body(
                        "message",
                        equalTo("Cannot delete the policy because it has one or more policy versions attached to it"
                                + " (name=" + name + ")"));

        given().patch("/policies/" + name + "/version/2").then().statusCode(200);
        given().delete("/policies/" + name + "/version/1").then().statusCode(200);
        given().delete("/policies/" + name).then().statusCode(200);
        given().get("/policies/" + name).then().statusCode(404);
        given().delete("/policies/" + name).then().statusCode(404).body("message", equalTo("Policy not found"));
        given().patch("/policies/" + unique("none") + "/version/1").then().statusCode(404);
    }

    @Test
    void listPagesWithMarkerInCreationOrder() {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String name = unique("list" + i);
            create(name, ALLOW_CONNECT).statusCode(200);
            names.add(name);
        }
        List<String> seen = new ArrayList<>();
        String marker = null;
        do {
            var request = given().queryParam("pageSize", 2).queryParam("isAscendingOrder", true);
            if (marker != null) {
                request.queryParam("marker", marker);
            }
            var page = request.get("/policies")
                    .then()
                    .log()
                    .ifValidationFails()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            seen.addAll(page.getList("policies.policyName"));
            assertThat(page.getList("policies")).hasSizeLessThanOrEqualTo(2);
            marker = page.getString("nextMarker");
        } while (marker != null);
        assertThat(seen).containsSubsequence(names);

        List<String> newestFirst = given().queryParam("pageSize", 250)
                .get("/policies")
                .then()
                .extract()
                .jsonPath()
                .getList("policies.policyName");
        assertThat(newestFirst).containsSubsequence(names.reversed());

        given().queryParam("marker", "forged")
                .get("/policies")
                .then()
                .statusCode(400)
                .header("x-amzn-ErrorType", "InvalidRequestException");
    }

    @Test
    void everyChangePublishesAnEventInOrder() {
        String name = unique("events");
        create(name, ALLOW_CONNECT).statusCode(200);
        createVersion(name, ALLOW_PUBLISH, true).statusCode(200);
        given().patch("/policies/" + name + "/version/1").then().statusCode(200);

        var records = KafkaTopicReader.await(
                ProvisioningChanges.TOPIC, record -> record.key().equals("POLICY:" + name), 3);
        List<ProvisioningChanges.Change> changes = records.stream()
                .map(record -> ProvisioningChanges.Change.parse(record.value().getBytes()))
                .toList();
        assertThat(changes)
                .extracting(ProvisioningChanges.Change::detail)
                .containsExactly("created", "version 2", "default 1");
        assertThat(changes).extracting(ProvisioningChanges.Change::revision).isSorted();
    }
}

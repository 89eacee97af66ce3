package io.iotdm.provisioning.provisioningtemplate;

import static io.iotdm.provisioning.provisioningtemplate.ProvisioningTemplates.FLEET_BODY;
import static io.iotdm.provisioning.provisioningtemplate.ProvisioningTemplates.JITP_BODY;
import static io.iotdm.provisioning.provisioningtemplate.ProvisioningTemplates.JSON;
import static io.iotdm.provisioning.provisioningtemplate.ProvisioningTemplates.ROLE_ARN;
import static io.iotdm.provisioning.provisioningtemplate.ProvisioningTemplates.arn;
import static io.iotdm.provisioning.provisioningtemplate.ProvisioningTemplates.create;
import static io.iotdm.provisioning.provisioningtemplate.ProvisioningTemplates.createVersion;
import static io.iotdm.provisioning.provisioningtemplate.ProvisioningTemplates.describe;
import static io.iotdm.provisioning.provisioningtemplate.ProvisioningTemplates.fleetBody;
import static io.iotdm.provisioning.provisioningtemplate.ProvisioningTemplates.request;
import static io.iotdm.provisioning.provisioningtemplate.ProvisioningTemplates.unique;
import static io.iotdm.provisioning.provisioningtemplate.ProvisioningTemplates.update;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import io.iotdm.events.ProvisioningChanges;
import io.iotdm.provisioning.ProvisioningTestResource;
import io.iotdm.testing.KafkaTopicReader;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

@QuarkusTest
@ProvisioningTestResource
class ProvisioningTemplateTest {

    @Test
    void createThenDescribeAnswersTheTemplateAsSent() {
        String name = unique("fleet");
        var request = request(name, FLEET_BODY).put("description", "widgets").put("enabled", true);
        request.putObject("preProvisioningHook")
                .put("targetArn", "arn:aws:lambda:us-east-1:123456789012:function:check")
                .put("payloadVersion", "2020-04-01");
        create(request)
                .statusCode(200)
                .body("templateArn", equalTo(arn(name)))
                .body("templateName", equalTo(name))
                .body("defaultVersionId", equalTo(1));

        describe(name)
                .statusCode(200)
                .body("templateArn", equalTo(arn(name)))
                .body("templateName", equalTo(name))
                .body("description", equalTo("widgets"))
                .body("templateBody", equalTo(FLEET_BODY))
                .body("type", equalTo("FLEET_PROVISIONING"))
                .body("enabled", equalTo(true))
                .body("defaultVersionId", equalTo(1))
                .body("provisioningRoleArn", equalTo(ROLE_ARN))
                .body("preProvisioningHook.targetArn", equalTo("arn:aws:lambda:us-east-1:123456789012:function:check"))
                .body("preProvisioningHook.payloadVersion", equalTo("2020-04-01"))
                .body("creationDate", notNullValue())
                .body("lastModifiedDate", notNullValue());
    }

    @Test
    void aJitpTemplateIsDisabledByDefaultAndItsBodyIsCheckedAsJitp() {
        String name = unique("jitp");
        create(request(name, JITP_BODY).put("type", "JITP")).statusCode(200);
        describe(name)
                .statusCode(200)
                .body("type", equalTo("JITP"))
                .body("enabled", equalTo(false))
                .body("preProvisioningHook", nullValue());

        String refused = unique("jitp");
        create(request(refused, FLEET_BODY).put("type", "JITP"))
                .statusCode(400)
                .header("x-amzn-ErrorType", "InvalidRequestException")
                .body("message", equalTo("DeviceConfiguration is allowed only in FLEET_PROVISIONING templates"));
        describe(refused)
                .statusCode(404)
                .header("x-amzn-ErrorType", "ResourceNotFoundException")
                .body("message", equalTo("The provisioning template " + refused + " does not exist"));
    }

    @Test
    void aBodyThatIsNoTemplateIsRefusedNamingThePartAndTheCause() {
        create(unique("bad"), "{\"Resources\": {}, \"Conditions\": {}}")
                .statusCode(400)
                .header("x-amzn-ErrorType", "InvalidRequestException")
                .body(
                        "message",
                        equalTo("Conditions are not supported in provisioning templates (AWS IoT documents none)"));
        create(unique("bad"), "[]")
                .statusCode(400)
                .header("x-amzn-ErrorType", "InvalidRequestException")
                .body("message", equalTo("The template body must be a JSON object"));
    }

    @Test
    void aPreProvisioningHookIsOnlyForFleetProvisioning() {
        String name = unique("hook");
        var request = request(name, JITP_BODY).put("type", "JITP");
        request.putObject("preProvisioningHook").put("targetArn", "arn:aws:lambda:us-east-1:123456789012:function:f");
        create(request)
                .statusCode(400)
                .header("x-amzn-ErrorType", "InvalidRequestException")
                .body(
                        "message",
                        equalTo("A pre-provisioning hook is supported only by templates of type FLEET_PROVISIONING; "
                                + name + " is of type JITP"));
        describe(name).statusCode(404);
    }

    @Test
    void theRoleMustBeAnIamRoleArnAndIsRequired() {
        String name = unique("role");
        create(request(name, FLEET_BODY).put("provisioningRoleArn", "arn:aws:iam::123456789012:user/someone"))
                .statusCode(400)
                .header("x-amzn-ErrorType", "InvalidRequestException")
                .body(
                        "message",
                        equalTo("provisioningRoleArn arn:aws:iam::123456789012:user/someone is not the ARN of an IAM"
                                + " role (arn:aws:iam::<account>:role/<name>)"));
        var withoutRole = request(name, FLEET_BODY);
        withoutRole.remove("provisioningRoleArn");
        create(withoutRole)
                .statusCode(400)
                .header("x-amzn-ErrorType", "InvalidRequestException")
                .body("message", startsWith("1 validation error detected: Value null at 'provisioningRoleArn'"));
        create(request(name, FLEET_BODY).put("provisioningRoleArn", "arn:aws:iam::123456789012:role/service/Prov"))
                .statusCode(200);
    }

    @Test
    void aSecondCreateOfTheNameIsRefusedAsAwsRefusesIt() {
        String name = unique("twice");
        create(name, FLEET_BODY).statusCode(200);
        create(name, fleetBody("other-"))
                .statusCode(409)
                .header("x-amzn-ErrorType", "ResourceAlreadyExistsException")
                .body("message", equalTo("Template with name " + name + " already exists"))
                .body("resourceId", equalTo(name))
                .body("resourceArn", equalTo(arn(name)));
        describe(name).body("templateBody", equalTo(FLEET_BODY));
    }

    @Test
    void updateChangesOnlyWhatIsSent() {
        String name = unique("update");
        create(request(name, FLEET_BODY).put("description", "first").put("enabled", true))
                .statusCode(200);
        createVersion(name, fleetBody("v2-"), false).statusCode(200);

        update(name, JSON.createObjectNode().put("defaultVersionId", 2)).statusCode(200);
        describe(name)
                .body("defaultVersionId", equalTo(2))
                .body("templateBody", equalTo(fleetBody("v2-")))
                .body("description", equalTo("first"))
                .body("enabled", equalTo(true));

        var hook = JSON.createObjectNode().put("enabled", false).put("description", "second");
        hook.putObject("preProvisioningHook").put("targetArn", "arn:aws:lambda:us-east-1:123456789012:function:f");
        update(name, hook).statusCode(200);
        describe(name)
                .body("enabled", equalTo(false))
                .body("description", equalTo("second"))
                .body("preProvisioningHook.targetArn", equalTo("arn:aws:lambda:us-east-1:123456789012:function:f"))
                .body("preProvisioningHook.payloadVersion", nullValue());

        update(name, JSON.createObjectNode().put("removePreProvisioningHook", true))
                .statusCode(200);
        describe(name).body("preProvisioningHook", nullValue()).body("defaultVersionId", equalTo(2));

        update(name, JSON.createObjectNode().put("defaultVersionId", 7))
                .statusCode(404)
                .header("x-amzn-ErrorType", "ResourceNotFoundException")
                .body("message", equalTo("The provisioning template " + name + " has no version 7"));
        var both = JSON.createObjectNode().put("removePreProvisioningHook", true);
        both.putObject("preProvisioningHook").put("targetArn", "arn:aws:lambda:us-east-1:123456789012:function:f");
        update(name, both)
                .statusCode(400)
                .header("x-amzn-ErrorType", "InvalidRequestException")
                .body("message", equalTo("preProvisioningHook and removePreProvisioningHook cannot be given together"));
        update(name, JSON.createObjectNode().put("provisioningRoleArn", "not-an-arn-of-a-role"))
                .statusCode(400)
                .header("x-amzn-ErrorType", "InvalidRequestException");
        update(unique("none"), JSON.createObjectNode().put("enabled", true))
                .statusCode(404)
                .header("x-amzn-ErrorType", "ResourceNotFoundException");
    }

    @Test
    void aJitpTemplateTakesNoHookOnUpdate() {
        String name = unique("jitp-update");
        create(request(name, JITP_BODY).put("type", "JITP")).statusCode(200);
        var hook = JSON.createObjectNode();
        hook.putObject("preProvisioningHook").put("targetArn", "arn:aws:lambda:us-east-1:123456789012:function:f");
        update(name, hook)
                .statusCode(400)
                .header("x-amzn-ErrorType", "InvalidRequestException")
                .body(
                        "message",
                        equalTo("A pre-provisioning hook is supported only by templates of type FLEET_PROVISIONING; "
                                + name + " is of type JITP"));
    }

    @Test
    void deleteRemovesTheTemplateItsVersionsAndItsTags() {
        String name = unique("delete");
        var request = request(name, FLEET_BODY);
        request.putArray("tags").addObject().put("Key", "site").put("Value", "north");
        create(request).statusCode(200);
        createVersion(name, fleetBody("v2-"), false).statusCode(200);
        given().queryParam("resourceArn", arn(name))
                .get("/tags")
                .then()
                .statusCode(200)
                .body("tags.Key", equalTo(List.of("site")))
                .body("tags.Value", equalTo(List.of("north")));

        given().delete("/provisioning-templates/" + name).then().statusCode(200);
        describe(name).statusCode(404);
        given().get("/provisioning-templates/" + name + "/versions/2")
                .then()
                .statusCode(404)
                .body("message", equalTo("The provisioning template " + name + " does not exist"));
        given().queryParam("resourceArn", arn(name))
                .get("/tags")
                .then()
                .statusCode(404)
                .header("x-amzn-ErrorType", "ResourceNotFoundException")
                .body("message", equalTo("Resource " + arn(name) + " does not exist"));
        given().delete("/provisioning-templates/" + name)
                .then()
                .statusCode(404)
                .header("x-amzn-ErrorType", "ResourceNotFoundException")
                .body("message", equalTo("The provisioning template " + name + " does not exist"));

        // the name is free again, and the new template starts with no tags
        create(name, FLEET_BODY).statusCode(200).body("defaultVersionId", equalTo(1));
        given().queryParam("resourceArn", arn(name))
                .get("/tags")
                .then()
                .statusCode(200)
                .body("tags", equalTo(List.of()));
    }

    @Test
    void moreThanFiftyTagsAreRefusedAndNothingIsWritten() {
        String name = unique("tags");
        var request = request(name, FLEET_BODY);
        var tags = request.putArray("tags");
        for (int i = 0; i < 51; i++) {
            tags.addObject().put("Key", "k" + i).put("Value", "v");
        }
        create(request)
                .statusCode(410)
                .header("x-amzn-ErrorType", "LimitExceededException")
                .body("message", equalTo("A resource can have at most 50 tags; this one would have 51"));
        describe(name).statusCode(404);
    }

    @Test
    void listPagesWithNextTokenInNameOrder() {
        String prefix = unique("list");
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String name = prefix + "-" + i;
            create(request(name, JITP_BODY).put("type", "JITP").put("description", "d" + i))
                    .statusCode(200);
            names.add(name);
        }
        List<String> seen = new ArrayList<>();
        String token = null;
        do {
            var request = given().queryParam("maxResults", 2);
            if (token != null) {
                request.queryParam("nextToken", token);
            }
            var page = request.get("/provisioning-templates")
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            assertThat(page.getList("templates")).hasSizeLessThanOrEqualTo(2);
            seen.addAll(page.getList("templates.templateName"));
            token = page.getString("nextToken");
        } while (token != null);
        assertThat(seen).containsSubsequence(names);

        var first = given().queryParam("maxResults", 250)
                .get("/provisioning-templates")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        int index = first.getList("templates.templateName").indexOf(names.get(0));
        assertThat(first.getString("templates[" + index + "].templateArn")).isEqualTo(arn(names.get(0)));
        assertThat(first.getString("templates[" + index + "].description")).isEqualTo("d0");
        assertThat(first.getString("templates[" + index + "].type")).isEqualTo("JITP");
        assertThat(first.getBoolean("templates[" + index + "].enabled")).isFalse();
        assertThat(first.getString("templates[" + index + "].creationDate")).isNotNull();

        given().queryParam("nextToken", "forged")
                .get("/provisioning-templates")
                .then()
                .statusCode(400)
                .header("x-amzn-ErrorType", "InvalidRequestException")
                .body("message", equalTo("Invalid pagination token"));
    }

    @Test
    void everyChangePublishesAnEventInOrder() {
        String name = unique("events");
        create(name, FLEET_BODY).statusCode(200);
        update(name, JSON.createObjectNode().put("enabled", true)).statusCode(200);
        createVersion(name, fleetBody("v2-"), true).statusCode(200);
        given().delete("/provisioning-templates/" + name).then().statusCode(200);

        var records = KafkaTopicReader.await(
                ProvisioningChanges.TOPIC, record -> record.key().equals("PROVISIONING_TEMPLATE:" + name), 4);
        List<ProvisioningChanges.Change> changes = records.stream()
                .map(record -> ProvisioningChanges.Change.parse(record.value().getBytes()))
                .toList();
        assertThat(changes)
                .extracting(ProvisioningChanges.Change::detail)
                .containsExactly("created", "updated", "version 2", "deleted");
        assertThat(changes).extracting(ProvisioningChanges.Change::revision).isSorted();
    }
}

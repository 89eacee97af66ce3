package io.iotdm.provisioning.provisioningtemplate;

import static io.iotdm.provisioning.provisioningtemplate.ProvisioningTemplates.FLEET_BODY;
import static io.iotdm.provisioning.provisioningtemplate.ProvisioningTemplates.JITP_BODY;
import static io.iotdm.provisioning.provisioningtemplate.ProvisioningTemplates.arn;
import static io.iotdm.provisioning.provisioningtemplate.ProvisioningTemplates.create;
import static io.iotdm.provisioning.provisioningtemplate.ProvisioningTemplates.createVersion;
import static io.iotdm.provisioning.provisioningtemplate.ProvisioningTemplates.describe;
import static io.iotdm.provisioning.provisioningtemplate.ProvisioningTemplates.fleetBody;
import static io.iotdm.provisioning.provisioningtemplate.ProvisioningTemplates.request;
import static io.iotdm.provisioning.provisioningtemplate.ProvisioningTemplates.unique;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import io.iotdm.provisioning.ProvisioningTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

@QuarkusTest
@ProvisioningTestResource
class ProvisioningTemplateVersionTest {

    @Test
    void versionsAreNumberedNeverReusedAndLimitedToFive() {
        String name = unique("versions");
        create(name, FLEET_BODY).statusCode(200);
        createVersion(name, fleetBody("v2-"), false)
                .statusCode(200)
                .body("templateArn", equalTo(arn(name)))
                .body("templateName", equalTo(name))
                .body("versionId", equalTo(2))
                .body("isDefaultVersion", equalTo(false));
        createVersion(name, fleetBody("v3-"), true)
                .statusCode(200)
                .body("versionId", equalTo(3))
                .body("isDefaultVersion", equalTo(true));
        describe(name).body("defaultVersionId", equalTo(3)).body("templateBody", equalTo(fleetBody("v3-")));
        createVersion(name, fleetBody("v4-"), false).statusCode(200);
        createVersion(name, fleetBody("v5-"), false).statusCode(200).body("versionId", equalTo(5));
        createVersion(name, fleetBody("v6-"), false)
                .statusCode(409)
                .header("x-amzn-ErrorType", "VersionsLimitExceededException")
                .body(
                        "message",
                        equalTo("The provisioning template " + name
                                + " already has the maximum number of versions (5)"));

        given().delete("/provisioning-templates/" + name + "/versions/2").then().statusCode(200);
        createVersion(name, fleetBody("v6-"), false).statusCode(200).body("versionId", equalTo(6));

        given().get("/provisioning-templates/" + name + "/versions")
                .then()
                .statusCode(200)
                .body("versions.versionId", equalTo(List.of(1, 3, 4, 5, 6)))
                .body("versions.isDefaultVersion", equalTo(List.of(false, true, false, false, false)))
                .body("versions[0].creationDate", notNullValue())
                .body("nextToken", equalTo(null));
        given().get("/provisioning-templates/" + name + "/versions/4")
                .then()
                .statusCode(200)
                .body("versionId", equalTo(4))
                .body("templateBody", equalTo(fleetBody("v4-")))
                .body("isDefaultVersion", equalTo(false))
                .body("creationDate", notNullValue());
        given().get("/provisioning-templates/" + name + "/versions/2")
                .then()
                .statusCode(404)
                .header("x-amzn-ErrorType", "ResourceNotFoundException")
                .body("message", equalTo("The provisioning template " + name + " has no version 2"));
        given().get("/provisioning-templates/" + name + "/versions/0")
                .then()
                .statusCode(404)
                .body("message", equalTo("The provisioning template " + name + " has no version 0"));
    }

    @Test
    void theDefaultVersionCannotBeDeleted() {
        String name = unique("default");
        create(name, FLEET_BODY).statusCode(200);
        createVersion(name, fleetBody("v2-"), false).statusCode(200);
        given().delete("/provisioning-templates/" + name + "/versions/1")
                .then()
                .statusCode(409)
                .header("x-amzn-ErrorType", "DeleteConflictException")
                .body(
                        "message",
                        equalTo("Cannot delete the default version of a provisioning template (name=" + name
                                + ", versionId=1)"));
        given().delete("/provisioning-templates/" + name + "/versions/3")
                .then()
                .statusCode(404)
                .header("x-amzn-ErrorType", "ResourceNotFoundException")
                .body("message", equalTo("The provisioning template " + name + " has no version 3"));
        given().delete("/provisioning-templates/" + unique("none") + "/versions/1")
                .then()
                .statusCode(404)
                .header("x-amzn-ErrorType", "ResourceNotFoundException");

        createVersion(name, fleetBody("v3-"), true).statusCode(200);
        given().delete("/provisioning-templates/" + name + "/versions/1").then().statusCode(200);
        given().get("/provisioning-templates/" + name + "/versions")
                .then()
                .body("versions.versionId", equalTo(List.of(2, 3)));
    }

    @Test
    void aVersionsBodyIsCheckedForTheTemplatesType() {
        String name = unique("jitp-versions");
        create(request(name, JITP_BODY).put("type", "JITP")).statusCode(200);
        createVersion(name, FLEET_BODY, true)
                .statusCode(400)
                .header("x-amzn-ErrorType", "InvalidRequestException")
                .body("message", equalTo("DeviceConfiguration is allowed only in FLEET_PROVISIONING templates"));
        given().get("/provisioning-templates/" + name + "/versions")
                .then()
                .body("versions.versionId", equalTo(List.of(1)));
        createVersion(unique("none"), JITP_BODY, false)
                .statusCode(404)
                .header("x-amzn-ErrorType", "ResourceNotFoundException");
    }

    @Test
    void versionsPageWithNextToken() {
        String name = unique("pages");
        create(name, FLEET_BODY).statusCode(200);
        for (int i = 2; i <= 5; i++) {
            createVersion(name, fleetBody("v" + i + "-"), false).statusCode(200);
        }
        List<Integer> seen = new ArrayList<>();
        String token = null;
        do {
            var request = given().queryParam("maxResults", 2);
            if (token != null) {
                request.queryParam("nextToken", token);
            }
            var page = request.get("/provisioning-templates/" + name + "/versions")
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            assertThat(page.getList("versions")).hasSizeLessThanOrEqualTo(2);
            seen.addAll(page.getList("versions.versionId", Integer.class));
            token = page.getString("nextToken");
        } while (token != null);
        assertThat(seen).containsExactly(1, 2, 3, 4, 5);

        String other = unique("pages");
        create(other, FLEET_BODY).statusCode(200);
        createVersion(other, fleetBody("v2-"), false).statusCode(200);
        String tokenOfName = given().queryParam("maxResults", 1)
                .get("/provisioning-templates/" + name + "/versions")
                .then()
                .extract()
                .path("nextToken");
        given().queryParam("nextToken", tokenOfName)
                .get("/provisioning-templates/" + other + "/versions")
                .then()
                .statusCode(400)
                .header("x-amzn-ErrorType", "InvalidRequestException")
                .body("message", equalTo("Invalid pagination token"));
    }
}

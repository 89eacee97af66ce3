package io.iotdm.provisioning.ca;

import static io.iotdm.provisioning.ca.CaCalls.ACCOUNT_ARN;
import static io.iotdm.provisioning.ca.CaCalls.body;
import static io.iotdm.provisioning.ca.CaCalls.describe;
import static io.iotdm.provisioning.ca.CaCalls.register;
import static io.iotdm.provisioning.ca.CaCalls.registerActive;
import static io.iotdm.provisioning.ca.CaCalls.registrationCode;
import static io.iotdm.provisioning.ca.CaCalls.update;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iotdm.provisioning.ProvisioningTestResource;
import io.iotdm.provisioning.TestPki;
import io.iotdm.provisioning.provisioningtemplate.ProvisioningTemplates;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A CA's registrationConfig names an existing JITP template, which stays while it is named; a CA's tags. */
@QuarkusTest
@ProvisioningTestResource
class CaTemplatesAndTagsTest {

    private static ObjectNode namingTemplate(String templateName) {
        return JsonNodeFactory.instance
                .objectNode()
                .set("registrationConfig", JsonNodeFactory.instance.objectNode().put("templateName", templateName));
    }

    private static ObjectNode registration(TestPki.Ca ca, String templateName) {
        return body(ca.pem())
                .put("verificationCertificate", ca.verification(registrationCode()))
                .setAll(namingTemplate(templateName));
    }

    @Test
    void registrationConfigNamesAnExistingJitpTemplate() {
        String missing = ProvisioningTemplates.unique("missing");
        String fleet = ProvisioningTemplates.unique("fleet");
        ProvisioningTemplates.create(fleet, ProvisioningTemplates.FLEET_BODY).statusCode(200);
        TestPki.Ca ca = TestPki.Ca.create("named");

        register(registration(ca, missing), "")
                .statusCode(404)
                .header("x-amzn-ErrorType", "ResourceNotFoundException")
                .body(
                        "message",
                        equalTo("registrationConfig.templateName: the provisioning template " + missing
                                + " does not exist"));
        register(registration(ca, fleet), "")
                .statusCode(400)
                .header("x-amzn-ErrorType", "InvalidRequestException")
                .body(
                        "message",
                        equalTo("registrationConfig.templateName must name a provisioning template of type JITP; "
                                + fleet + " is of type FLEET_PROVISIONING"));
        describe(ca.id()).statusCode(404);

        String id = registerActive(ca);
        update(id, "", namingTemplate(missing)).statusCode(404).header("x-amzn-ErrorType", "ResourceNotFoundException");
        update(id, "", namingTemplate(fleet))
                .statusCode(400)
                .header("x-amzn-ErrorType", "InvalidRequestException")
                .body(
                        "message",
                        equalTo("registrationConfig.templateName must name a provisioning template of type JITP; "
                                + fleet + " is of type FLEET_PROVISIONING"));
        describe(id).statusCode(200).body("certificateDescription.customerVersion", equalTo(1));

        String jitp = ProvisioningTemplates.createJitp("jitp");
        update(id, "", namingTemplate(jitp)).statusCode(200);
        describe(id).body("registrationConfig.templateName", equalTo(jitp));
        given().queryParam("templateName", jitp)
                .get("/cacertificates")
                .then()
                .statusCode(200)
                .body("certificates.certificateId", equalTo(List.of(id)))
                .body("certificates.certificateArn", equalTo(List.of(ACCOUNT_ARN + "cacert/" + id)));
    }

    @Test
    void aTemplateThatACaNamesCannotBeDeletedUntilNoneNamesIt() {
        String jitp = ProvisioningTemplates.createJitp("in-use");
        TestPki.Ca registered = TestPki.Ca.create("in-use-registered");
        String first = register(registration(registered, jitp), "")
                .statusCode(200)
                .extract()
                .path("certificateId");
        String updated = registerActive(TestPki.Ca.create("in-use-updated"));
        update(updated, "", namingTemplate(jitp)).statusCode(200);

        ProvisioningTemplates.delete(jitp)
                .statusCode(409)
                .header("x-amzn-ErrorType", "DeleteConflictException")
                .body(
                        "message",
                        equalTo("The provisioning template " + jitp + " is in use: the registrationConfig of CA"
                                + " certificate " + first + " names it"));

        given().delete("/cacertificate/" + first).then().statusCode(200); // registered INACTIVE
        ProvisioningTemplates.delete(jitp)
                .statusCode(409)
                .body(
                        "message",
                        equalTo("The provisioning template " + jitp + " is in use: the registrationConfig of CA"
                                + " certificate " + updated + " names it"));

        update(updated, "", JsonNodeFactory.instance.objectNode().put("removeAutoRegistration", true))
                .statusCode(200);
        ProvisioningTemplates.delete(jitp).statusCode(200);
        given().queryParam("templateName", jitp)
                .get("/cacertificates")
                .then()
                .statusCode(200)
                .body("certificates", equalTo(List.of()));
    }

    @Test
    void registerCaCertificateTagsAreTheCasTagsUntilItIsDeleted() {
        TestPki.Ca ca = TestPki.Ca.create("tagged");
        ObjectNode request = body(ca.pem()).put("verificationCertificate", ca.verification(registrationCode()));
        var tags = request.putArray("tags");
        tags.addObject().put("Key", "site").put("Value", "north");
        tags.addObject().put("Key", "owner").put("Value", "ops");
        String id = register(request, "").statusCode(200).extract().path("certificateId");
        String arn = ACCOUNT_ARN + "cacert/" + id;

        given().queryParam("resourceArn", arn)
                .get("/tags")
                .then()
                .statusCode(200)
                .body("tags.Key", equalTo(List.of("owner", "site")))
                .body("tags.Value", equalTo(List.of("ops", "north")));
        given().contentType(ContentType.JSON)
                .body("{\"resourceArn\":\"" + arn + "\",\"tags\":[{\"Key\":\"site\",\"Value\":\"south\"}]}")
                .post("/tags")
                .then()
                .statusCode(200);
        given().queryParam("resourceArn", arn).get("/tags").then().body("tags.Value", equalTo(List.of("ops", "south")));

        given().delete("/cacertificate/" + id).then().statusCode(200);
        given().queryParam("resourceArn", arn)
                .get("/tags")
                .then()
                .statusCode(404)
                .header("x-amzn-ErrorType", "ResourceNotFoundException")
                .body("message", equalTo("Resource " + arn + " does not exist"));
        // registered again, the CA starts without the tags of its earlier registration
        register(ca, "").statusCode(200);
        given().queryParam("resourceArn", arn)
                .get("/tags")
                .then()
                .statusCode(200)
                .body("tags", equalTo(List.of()));
    }

    @Test
    void moreThanFiftyTagsAreRefusedAndNothingIsRegistered() {
        TestPki.Ca ca = TestPki.Ca.create("too-many-tags");
        ObjectNode request = body(ca.pem()).put("verificationCertificate", ca.verification(registrationCode()));
        var tags = request.putArray("tags");
        for (int i = 0; i < 51; i++) {
            tags.addObject().put("Key", "k" + i).put("Value", "v");
        }
        register(request, "")
                .statusCode(410)
                .header("x-amzn-ErrorType", "LimitExceededException")
                .body("message", equalTo("A resource can have at most 50 tags; this one would have 51"));
        describe(ca.id()).statusCode(404);
    }
}

package io.iotdm.provisioning.provisioningtemplate;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.util.UUID;

/** Requests and bodies shared by the provisioning template tests, and by the CA tests that name templates. */
public final class ProvisioningTemplates {

    static final String ROLE_ARN = "arn:aws:iam::123456789012:role/Provisioning_role";

    /** A fleet provisioning body: DeviceConfiguration is allowed in FLEET_PROVISIONING templates only. */
    public static final String FLEET_BODY =
            """
            {"Parameters": {"SerialNumber": {"Type": "String"}},
             "Resources": {
               "thing": {"Type": "AWS::IoT::Thing", "Properties": {"ThingName": {"Ref": "SerialNumber"}}},
               "certificate": {"Type": "AWS::IoT::Certificate",
                 "Properties": {"CertificateId": {"Ref": "AWS::IoT::Certificate::Id"}, "Status": "ACTIVE"}}},
             "DeviceConfiguration": {"Fallback": "yes"}}""";

    /** A JITP body: the thing is named by the certificate's subject. */
    public static final String JITP_BODY =
            """
            {"Resources": {
               "thing": {"Type": "AWS::IoT::Thing",
                 "Properties": {"ThingName": {"Ref": "AWS::IoT::Certificate::CommonName"}}},
               "certificate": {"Type": "AWS::IoT::Certificate",
                 "Properties": {"CertificateId": {"Ref": "AWS::IoT::Certificate::Id"}}}}}""";

    static final JsonMapper JSON = JsonMapper.builder().build();

    private ProvisioningTemplates() {}

    public static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public static String arn(String name) {
        return "arn:aws:iot:us-east-1:123456789012:provisioningtemplate/" + name;
    }

    /** CreateProvisioningTemplate's minimal input: name, body and role. */
    public static ObjectNode request(String name, String body) {
        return JSON.createObjectNode()
                .put("templateName", name)
                .put("templateBody", body)
                .put("provisioningRoleArn", ROLE_ARN);
    }

    public static ValidatableResponse create(ObjectNode request) {
        return given().contentType(ContentType.JSON)
                .body(request.toString())
                .post("/provisioning-templates")
                .then();
    }

    public static ValidatableResponse create(String name, String body) {
        return create(request(name, body));
    }

    static ValidatableResponse update(String name, ObjectNode request) {
        return given().contentType(ContentType.JSON)
                .body(request.toString())
                .patch("/provisioning-templates/" + name)
                .then();
    }

    static ValidatableResponse createVersion(String name, String body, boolean setAsDefault) {
        return given().contentType(ContentType.JSON)
                .body(JSON.createObjectNode().put("templateBody", body).toString())
                .post("/provisioning-templates/" + name + "/versions?setAsDefault=" + setAsDefault)
                .then();
    }

    /** Creates a template of type JITP with {@link #JITP_BODY}. @return its name */
    public static String createJitp(String prefix) {
        String name = unique(prefix);
        create(request(name, JITP_BODY).put("type", "JITP")).statusCode(200);
        return name;
    }

    public static ValidatableResponse delete(String name) {
        return given().delete("/provisioning-templates/" + name).then();
    }

    static ValidatableResponse describe(String name) {
        return given().get("/provisioning-templates/" + name).then();
    }

    /** A FLEET body whose thing name has a prefix: versions with different bodies. */
    static String fleetBody(String thingPrefix) {
        return FLEET_BODY.replace(
                "{\"Ref\": \"SerialNumber\"}",
                "{\"Fn::Join\": [\"\", [\"" + thingPrefix + "\", {\"Ref\": \"SerialNumber\"}]]}");
    }
}

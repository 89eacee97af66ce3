package io.iotdm.provisioning.registration;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iotdm.provisioning.TestPki;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.util.Map;
import java.util.UUID;

/** RegisterThing calls and the templates the registration tests send. */
final class Registrations {

    static final String ARN = "arn:aws:iot:us-east-1:123456789012:";

    private static final ObjectMapper JSON = new ObjectMapper();

    private Registrations() {}

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static String csr() {
        return TestPki.csr("CN=registered device", TestPki.ec());
    }

    /**
     * A thing (name and serial from the parameters, in {@code groupsJson}), a certificate from the parameter CSR, and a
     * policy given by {@code policy} (a whole {@code Properties} object).
     */
    static String template(String groupsJson, String policyProperties) {
        return """
                {"Parameters": {"ThingName": {"Type": "String"}, "SerialNumber": {"Type": "String"},
                                "CSR": {"Type": "String"}},
                 "Resources": {
                   "thing": {"Type": "AWS::IoT::Thing", "Properties": {"ThingName": {"Ref": "ThingName"},
                             "AttributePayload": {"serial": {"Ref": "SerialNumber"}}, "ThingGroups": %s}},
                   "certificate": {"Type": "AWS::IoT::Certificate",
                                   "Properties": {"CertificateSigningRequest": {"Ref": "CSR"}, "Status": "ACTIVE"}},
                   "policy": {"Type": "AWS::IoT::Policy", "Properties": %s}}}
                """
                .formatted(groupsJson, policyProperties);
    }

    /** A policy that allows publishing on one topic (so that each test's policy, named by its hash, is its own). */
    static String document(String topic) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"iot:Publish\","
                + "\"Resource\":\"arn:aws:iot:us-east-1:123456789012:topic/" + topic + "\"}]}";
    }

    /** A policy resource given by its document. */
    static String documentPolicy(String topic) {
        ObjectNode properties = JSON.createObjectNode().put("PolicyDocument", document(topic));
        return properties.toString();
    }

    static ValidatableResponse register(String templateBody, Map<String, String> parameters) {
        ObjectNode body = JSON.createObjectNode().put("templateBody", templateBody);
        ObjectNode values = body.putObject("parameters");
        parameters.forEach(values::put);
        return given().contentType(ContentType.JSON)
                .body(body.toString())
                .post("/things")
                .then();
    }
}

package io.iotdm.provisioning.registration;

import static io.iotdm.provisioning.registration.Registrations.ARN;
import static io.iotdm.provisioning.registration.Registrations.csr;
import static io.iotdm.provisioning.registration.Registrations.documentPolicy;
import static io.iotdm.provisioning.registration.Registrations.register;
import static io.iotdm.provisioning.registration.Registrations.template;
import static io.iotdm.provisioning.registration.Registrations.unique;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.iotdm.provisioning.ProvisioningTestResource;
import io.iotdm.provisioning.TestPeers;
import io.iotdm.provisioning.TestPki;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** RegisterThing through its route (docs/aws-behaviour.md §6.8), with the registry and group-service doubles. */
@QuarkusTest
@ProvisioningTestResource
class RegisterThingTest {

    @Inject
    TestPeers peers;

    @Test
    void aTemplateRegistersTheThingItsCertificatePolicyGroupsAndAttachments() {
        String thing = unique("sensor");
        String group = unique("fleet");
        peers.group(group, null);
        String topic = unique("topic");

        JsonPath answer = register(
                        template("[\"" + group + "\"]", documentPolicy(topic)),
                        Map.of("ThingName", thing, "SerialNumber", "42", "CSR", csr()))
                .statusCode(200)
                .body("certificatePem", startsWith("-----BEGIN CERTIFICATE-----"))
                .extract()
                .jsonPath();

        String certificateId = TestPki.certificateId(answer.getString("certificatePem"));
        String certificateArn = ARN + "cert/" + certificateId;
        Map<String, String> arns = answer.getMap("resourceArns");
        assertThat(arns).containsOnlyKeys("thing", "certificate", "policy");
        assertThat(arns.get("thing")).isEqualTo(ARN + "thing/" + thing);
        assertThat(arns.get("certificate")).isEqualTo(certificateArn);
        assertThat(arns.get("policy")).startsWith(ARN + "policy/");

        assertThat(peers.thingNamed(thing).attributes()).isEqualTo(Map.of("serial", "42"));
        assertThat(peers.groupsOf(thing)).containsExactly(group);
        given().get("/certificates/" + certificateId)
                .then()
                .statusCode(200)
                .body("certificateDescription.status", equalTo("ACTIVE"));
        given().get("/things/" + thing + "/principals")
                .then()
                .statusCode(200)
                .body("principals", equalTo(List.of(certificateArn)));
        String policyName = arns.get("policy").substring((ARN + "policy/").length());
        given().urlEncodingEnabled(false)
                .post("/attached-policies/" + certificateArn.replace("/", "%2F"))
                .then()
                .statusCode(200)
                .body("policies.policyName", equalTo(List.of(policyName)));
        given().get("/policies/" + policyName)
                .then()
                .statusCode(200)
                .body("policyDocument", equalTo(Registrations.document(topic)));
    }

    @Test
    void aPolicyNamedByTheTemplateIsAttachedToTheNewCertificate() {
        String thing = unique("sensor");
        String policyName = unique("named");
        given().contentType(ContentType.JSON)
                .body(Map.of("policyDocument", Registrations.document(unique("topic"))))
                .post("/policies/" + policyName)
                .then()
                .statusCode(200);

        String pem = register(
                        template("[]", "{\"PolicyName\": \"" + policyName + "\"}"),
                        Map.of("ThingName", thing, "SerialNumber", "3", "CSR", csr()))
                .statusCode(200)
                .extract()
                .path("certificatePem");

        String certificateArn = ARN + "cert/" + TestPki.certificateId(pem);
        given().urlEncodingEnabled(false)
                .post("/attached-policies/" + certificateArn.replace("/", "%2F"))
                .then()
                .statusCode(200)
                .body("policies.policyName", equalTo(List.of(policyName)));
        given().get("/things/" + thing + "/principals")
                .then()
                .statusCode(200)
                .body("principals", equalTo(List.of(certificateArn)));
    }

    /** The quota of policies per target holds for the certificate a registration creates (docs/aws-behaviour.md §6.4). */
    @Test
    void morePoliciesThanACertificateMayHaveIsARegistrationFailureAndTheThingIsUndone() {
        String thing = unique("sensor");
        StringBuilder policies = new StringBuilder();
        for (int i = 0; i < 11; i++) {
            policies.append(", \"policy")
                    .append(i)
                    .append("\": {\"Type\": \"AWS::IoT::Policy\", \"Properties\": ")
                    .append(documentPolicy(unique("topic")))
                    .append('}');
        }

        register(withPolicies(policies), Map.of("ThingName", thing, "CSR", csr()))
                .statusCode(400)
                .header("x-amzn-ErrorType", "ResourceRegistrationFailureException")
                .body("message", containsString("already has the maximum number of policies attached (10)"));

        assertThat(peers.thingNamed(thing)).isNull();
    }

    /** A policy the template names twice takes one of the certificate's ten slots: ten policies in eleven resources. */
    @Test
    void aPolicyNamedTwiceCountsOnceTowardsTheQuota() {
        String thing = unique("sensor");
        String named = unique("named");
        given().contentType(ContentType.JSON)
                .body(Map.of("policyDocument", Registrations.document(unique("topic"))))
                .post("/policies/" + named)
                .then()
                .statusCode(200);
        StringBuilder policies = new StringBuilder();
        for (int i = 0; i < 9; i++) {
            policies.append(", \"policy")
                    .append(i)
                    .append("\": {\"Type\": \"AWS::IoT::Policy\", \"Properties\": ")
                    .append(documentPolicy(unique("topic")))
                    .append('}');
        }
        for (String logicalId : List.of("named", "namedAgain")) {
            policies.append(", \"")
                    .append(logicalId)
                    .append("\": {\"Type\": \"AWS::IoT::Policy\", \"Properties\": {\"PolicyName\": \"")
                    .append(named)
                    .append("\"}}");
        }

        String pem = register(withPolicies(policies), Map.of("ThingName", thing, "CSR", csr()))
                .statusCode(200)
                .extract()
                .path("certificatePem");

        String certificateArn = ARN + "cert/" + TestPki.certificateId(pem);
        List<String> attached = given().urlEncodingEnabled(false)
                .post("/attached-policies/" + certificateArn.replace("/", "%2F"))
                .then()
                .statusCode(200)
                .extract()
                .path("policies.policyName");
        assertThat(attached).hasSize(10).contains(named);
    }

    /** A template of a thing, a certificate from the CSR parameter, and {@code policies} (each led by a comma). */
    private static String withPolicies(CharSequence policies) {
        return """
                {"Parameters": {"ThingName": {"Type": "String"}, "CSR": {"Type": "String"}},
                 "Resources": {"thing": {"Type": "AWS::IoT::Thing", "Properties": {"ThingName": {"Ref": "ThingName"}}},
                  "certificate": {"Type": "AWS::IoT::Certificate",
                                  "Properties": {"CertificateSigningRequest": {"Ref": "CSR"}, "Status": "ACTIVE"}}%s}}
                """
                .formatted(policies);
    }

    @Test
    void aPolicyThatDoesNotExistIsARegistrationFailureNamingItAndNothingIsProvisioned() {
        String thing = unique("sensor");

        register(
                        template("[]", "{\"PolicyName\": \"missing-policy\"}"),
                        Map.of("ThingName", thing, "SerialNumber", "1", "CSR", csr()))
                .statusCode(400)
                .header("x-amzn-ErrorType", "ResourceRegistrationFailureException")
                .body(
                        "message",
                        equalTo("Resource policy (AWS::IoT::Policy missing-policy) cannot be provisioned: Policy"
                                + " missing-policy does not exist"));

        assertThat(peers.thingNamed(thing)).isNull();
    }

    @Test
    void aThingGroupThatDoesNotExistIsARegistrationFailureAndNothingIsProvisioned() {
        String thing = unique("sensor");

        register(
                        template("[\"no-such-group\"]", documentPolicy("telemetry")),
                        Map.of("ThingName", thing, "SerialNumber", "1", "CSR", csr()))
                .statusCode(400)
                .header("x-amzn-ErrorType", "ResourceRegistrationFailureException")
                .body(
                        "message",
                        equalTo("Resource thing (AWS::IoT::Thing " + thing + ") cannot be provisioned: Thing group"
                                + " no-such-group does not exist"));

        assertThat(peers.thingNamed(thing)).isNull();
    }

    @Test
    void anUnknownThingTypeIsARegistrationFailureInTheRegistrysWords() {
        String thing = unique("sensor");
        String body =
                """
                {"Resources": {"thing": {"Type": "AWS::IoT::Thing",
                  "Properties": {"ThingName": "%s", "ThingTypeName": "no-such-type"}}}}
                """
                        .formatted(thing);

        register(body, Map.of())
                .statusCode(400)
                .header("x-amzn-ErrorType", "ResourceRegistrationFailureException")
                .body(
                        "message",
                        equalTo("Resource thing (AWS::IoT::Thing " + thing + ") cannot be provisioned: Thing type"
                                + " no-such-type does not exist"));
        assertThat(peers.thingNamed(thing)).isNull();
    }

    @Test
    void anExistingThingWithOtherAttributesUnderFailIsAConflict() {
        String thing = unique("sensor");
        peers.thing(thing);
        String body =
                """
                {"Resources": {"thing": {"Type": "AWS::IoT::Thing",
                  "Properties": {"ThingName": "%s", "AttributePayload": {"serial": "7"}},
                  "OverrideSettings": {"AttributePayload": "FAIL"}}}}
                """
                        .formatted(thing);

        register(body, Map.of())
                .statusCode(409)
                .header("x-amzn-ErrorType", "ConflictingResourceUpdateException")
                .body(
                        "message",
                        equalTo("Resource thing (AWS::IoT::Thing " + thing + ") cannot be provisioned: Thing "
                                + thing + " exists with another AttributePayload than the template's, and the"
                                + " template's override setting for AttributePayload is FAIL"));
        assertThat(peers.thingNamed(thing).attributes()).isEmpty();
    }

    @Test
    void aBodyThatIsNoTemplateIsAnInvalidRequest() {
        register("{\"Resources\": {\"thing\": {\"Type\": \"AWS::IoT::Gadget\"}}}", Map.of())
                .statusCode(400)
                .header("x-amzn-ErrorType", "InvalidRequestException");
    }

    @Test
    void aParameterNameLongerThan2048IsRefusedByTheModel() {
        register(template("[]", documentPolicy("telemetry")), Map.of("P".repeat(2049), "x"))
                .statusCode(400)
                .header("x-amzn-ErrorType", "InvalidRequestException");
    }

    @Test
    void aRegistryThatIsDownIsServiceUnavailableAndNothingIsProvisioned() {
        String thing = unique("sensor");
        peers.down("ProvisionThing");
        try {
            register(
                            template("[]", documentPolicy("telemetry")),
                            Map.of("ThingName", thing, "SerialNumber", "1", "CSR", csr()))
                    .statusCode(503)
                    .header("x-amzn-ErrorType", "ServiceUnavailableException")
                    .body("message", equalTo("The registry is unavailable; retry the request later"));
        } finally {
            peers.up("ProvisionThing");
        }
        assertThat(peers.thingNamed(thing)).isNull();

        // the refused registration wrote nothing and is over: the client's retry registers the device once
        String pem = register(
                        template("[]", documentPolicy("telemetry")),
                        Map.of("ThingName", thing, "SerialNumber", "1", "CSR", csr()))
                .statusCode(200)
                .extract()
                .path("certificatePem");
        given().get("/things/" + thing + "/principals")
                .then()
                .statusCode(200)
                .body("principals", equalTo(List.of(ARN + "cert/" + TestPki.certificateId(pem))));
    }
}

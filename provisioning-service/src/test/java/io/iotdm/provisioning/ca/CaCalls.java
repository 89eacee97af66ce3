package io.iotdm.provisioning.ca;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iotdm.provisioning.TestPki;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/** The CA operations over HTTP, as the api-gateway forwards them. */
final class CaCalls {

    static final String ACCOUNT_ARN = "arn:aws:iot:us-east-1:123456789012:";

    private CaCalls() {}

    static String registrationCode() {
        return given().get("/registrationcode").then().statusCode(200).extract().path("registrationCode");
    }

    /** RegisterCACertificate in DEFAULT mode with a verification certificate for the current registration code. */
    static ValidatableResponse register(TestPki.Ca ca, String query) {
        return register(body(ca.pem()).put("verificationCertificate", ca.verification(registrationCode())), query);
    }

    static ValidatableResponse register(ObjectNode body, String query) {
        return given().contentType(ContentType.JSON)
                .body(body.toString())
                .post("/cacertificate" + (query.isEmpty() ? "" : "?" + query))
                .then();
    }

    /** Registers an ACTIVE CA in DEFAULT mode. @return its id */
    static String registerActive(TestPki.Ca ca) {
        return register(ca, "setAsActive=true").statusCode(200).extract().path("certificateId");
    }

    static ObjectNode body(String caPem) {
        return JsonNodeFactory.instance.objectNode().put("caCertificate", caPem);
    }

    static ValidatableResponse describe(String id) {
        return given().get("/cacertificate/" + id).then();
    }

    static ValidatableResponse update(String id, String query, ObjectNode body) {
        return given().contentType(ContentType.JSON)
                .body(body.toString())
                .put("/cacertificate/" + id + (query.isEmpty() ? "" : "?" + query))
                .then();
    }

    static ValidatableResponse registerCertificate(ObjectNode body, String query) {
        return given().contentType(ContentType.JSON)
                .body(body.toString())
                .post("/certificate/register" + (query.isEmpty() ? "" : "?" + query))
                .then();
    }

    static ObjectNode certificateBody(String certificatePem) {
        return JsonNodeFactory.instance.objectNode().put("certificatePem", certificatePem);
    }
}

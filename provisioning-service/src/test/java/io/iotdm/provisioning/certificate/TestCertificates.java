package io.iotdm.provisioning.certificate;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.iotdm.provisioning.TestPki;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/** The certificate operations' calls, for the tests. */
final class TestCertificates {

    private TestCertificates() {}

    static ValidatableResponse fromCsr(String csr, boolean setAsActive) {
        return given().contentType(ContentType.JSON)
                .queryParam("setAsActive", setAsActive)
                .body(JsonNodeFactory.instance
                        .objectNode()
                        .put("certificateSigningRequest", csr)
                        .toString())
                .post("/certificates")
                .then();
    }

    /** @param status {@code null} for none */
    static ValidatableResponse registerWithoutCa(String certificatePem, String status) {
        var body = JsonNodeFactory.instance.objectNode().put("certificatePem", certificatePem);
        if (status != null) {
            body.put("status", status);
        }
        return given().contentType(ContentType.JSON)
                .body(body.toString())
                .post("/certificate/register-no-ca")
                .then();
    }

    /** @return the id of a new self-signed certificate registered without a CA */
    static String registered(String status) {
        return registerWithoutCa(TestPki.selfSigned("CN=device-" + System.nanoTime()), status)
                .statusCode(200)
                .extract()
                .path("certificateId");
    }

    static ValidatableResponse describe(String certificateId) {
        return given().get("/certificates/" + certificateId).then();
    }

    static ValidatableResponse update(String certificateId, String newStatus) {
        return given().queryParam("newStatus", newStatus)
                .put("/certificates/" + certificateId)
                .then();
    }

    static ValidatableResponse delete(String certificateId, boolean forceDelete) {
        return given().queryParam("forceDelete", forceDelete)
                .delete("/certificates/" + certificateId)
                .then();
    }
}

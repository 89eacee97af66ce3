package io.iotdm.provisioning.fleet;

import static io.iotdm.provisioning.fleet.FleetProvisioningTest.fleetTemplate;
import static io.iotdm.provisioning.provisioningtemplate.ProvisioningTemplates.FLEET_BODY;
import static io.iotdm.provisioning.provisioningtemplate.ProvisioningTemplates.create;
import static io.iotdm.provisioning.provisioningtemplate.ProvisioningTemplates.createJitp;
import static io.iotdm.provisioning.provisioningtemplate.ProvisioningTemplates.request;
import static io.iotdm.provisioning.provisioningtemplate.ProvisioningTemplates.unique;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.iotdm.provisioning.ProvisioningTestResource;
import io.iotdm.provisioning.TestPki;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import java.math.BigDecimal;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** CreateProvisioningClaim (docs/aws-behaviour.md §6.10). */
@QuarkusTest
@ProvisioningTestResource
class ProvisioningClaimTest {

    @Test
    void aClaimIsAKeyPairAndACertificateOfTheIssuingCaThatExpireAfterTheClaimsValidity() throws Exception {
        String template = fleetTemplate();

        JsonPath claim = claim(template).statusCode(200).extract().jsonPath();

        String certificatePem = claim.getString("certificatePem");
        X509Certificate certificate = TestPki.jdk(certificatePem);
        assertThat(claim.getString("certificateId")).isEqualTo(TestPki.certificateId(certificatePem));
        Instant expiration = Instant.ofEpochSecond(new BigDecimal(claim.getString("expiration")).longValue());
        assertThat(certificate.getNotAfter().toInstant()).isEqualTo(expiration);
        assertThat(Duration.between(certificate.getNotBefore().toInstant(), expiration))
                .isBetween(Duration.ofMinutes(5).minusSeconds(1), Duration.ofMinutes(5));
        assertThat(FleetProvisioningTest.signsForTheCertificate(claim.getString("keyPair.PrivateKey"), certificate))
                .isTrue();
        assertThat(claim.getString("keyPair.PublicKey")).startsWith("-----BEGIN PUBLIC KEY-----");
    }

    @Test
    void aClaimIsNotOneOfTheAccountsCertificates() {
        String id = claim(fleetTemplate()).statusCode(200).extract().path("certificateId");

        given().get("/certificates/" + id).then().statusCode(404);
    }

    @Test
    void aTemplateThatDoesNotExistIsResourceNotFound() {
        String name = unique("missing");

        claim(name)
                .statusCode(404)
                .header("x-amzn-ErrorType", "ResourceNotFoundException")
                .body("message", equalTo("The provisioning template " + name + " does not exist"));
    }

    @Test
    void aJitpTemplateOrADisabledOneIsAnInvalidRequest() {
        String jitp = createJitp("jitp");
        String disabled = unique("disabled");
        create(request(disabled, FLEET_BODY)).statusCode(200);

        claim(jitp)
                .statusCode(400)
                .header("x-amzn-ErrorType", "InvalidRequestException")
                .body(
                        "message",
                        equalTo("The provisioning template " + jitp
                                + " is of type JITP: fleet provisioning needs a template of type FLEET_PROVISIONING"));
        claim(disabled)
                .statusCode(400)
                .header("x-amzn-ErrorType", "InvalidRequestException")
                .body("message", equalTo("The provisioning template " + disabled + " is disabled"));
    }

    private static ValidatableResponse claim(String template) {
        return given().post("/provisioning-templates/" + template + "/provisioning-claim")
                .then();
    }
}

package io.iotdm.provisioning.ca;

import static io.iotdm.provisioning.ca.CaCalls.ACCOUNT_ARN;
import static io.iotdm.provisioning.ca.CaCalls.body;
import static io.iotdm.provisioning.ca.CaCalls.describe;
import static io.iotdm.provisioning.ca.CaCalls.register;
import static io.iotdm.provisioning.ca.CaCalls.registerActive;
import static io.iotdm.provisioning.ca.CaCalls.registrationCode;
import static io.iotdm.provisioning.ca.CaCalls.update;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.iotdm.events.ProvisioningChanges;
import io.iotdm.provisioning.ProvisioningTestResource;
import io.iotdm.provisioning.TestPki;
import io.iotdm.provisioning.provisioningtemplate.ProvisioningTemplates;
import io.iotdm.testing.KafkaTopicReader;
import io.quarkus.test.junit.QuarkusTest;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@ProvisioningTestResource
class CaCertificateTest {

    @Test
    void theRegistrationCodeIsTheSameUntilDeleted() {
        String code = registrationCode();
        assertThat(code).matches("[0-9a-f]{64}");
        assertThat(registrationCode()).isEqualTo(code);

        given().delete("/registrationcode").then().statusCode(200);
        given().delete("/registrationcode")
                .then()
                .statusCode(404)
                .header("x-amzn-ErrorType", "ResourceNotFoundException")
                .body("message", equalTo("The registration code does not exist (GetRegistrationCode makes one)"));
        String next = registrationCode();
        assertThat(next).matches("[0-9a-f]{64}").isNotEqualTo(code);
        assertThat(registrationCode()).isEqualTo(next);
    }

    @Test
    void aRegisteredCaIsDescribedUpdatedAndDeletedOnceInactive() {
        TestPki.Ca ca = TestPki.Ca.create("lifecycle");
        String template = "{\"Resources\":{}}";
        String id = register(
                        body(ca.pem())
                                .put("verificationCertificate", ca.verification(registrationCode()))
                                .set(
                                        "registrationConfig",
                                        JsonNodeFactory.instance
                                                .objectNode()
                                                .put("templateBody", template)
                                                .put("roleArn", "arn:aws:iam::123456789012:role/JITP")),
                        "setAsActive=true&allowAutoRegistration=true")
                .statusCode(200)
                .body("certificateId", equalTo(ca.id()))
                .body("certificateArn", equalTo(ACCOUNT_ARN + "cacert/" + ca.id()))
                .extract()
                .path("certificateId");

        describe(id)
                .statusCode(200)
                .body("certificateDescription.certificateArn", equalTo(ACCOUNT_ARN + "cacert/" + id))
                .body("certificateDescription.certificateId", equalTo(id))
                .body("certificateDescription.status", equalTo("ACTIVE"))
                .body("certificateDescription.autoRegistrationStatus", equalTo("ENABLE"))
                .body("certificateDescription.certificatePem", equalTo(ca.pem()))
                .body("certificateDescription.ownedBy", equalTo("123456789012"))
                .body("certificateDescription.creationDate", notNullValue())
                .body("certificateDescription.lastModifiedDate", notNullValue())
                .body("certificateDescription.customerVersion", equalTo(1))
                .body("certificateDescription.generationId", notNullValue())
                .body("certificateDescription.validity.notBefore", notNullValue())
                .body("certificateDescription.validity.notAfter", notNullValue())
                .body("certificateDescription.certificateMode", equalTo("DEFAULT"))
                .body("registrationConfig.templateBody", equalTo(template))
                .body("registrationConfig.roleArn", equalTo("arn:aws:iam::123456789012:role/JITP"));
        given().get("/cacertificates?pageSize=250")
                .then()
                .statusCode(200)
                .body("certificates.certificateId", hasItem(id));

        // what it already is: no new version, no change event
        update(id, "newStatus=ACTIVE&newAutoRegistrationStatus=ENABLE", JsonNodeFactory.instance.objectNode())
                .statusCode(200);
        given().delete("/cacertificate/" + id)
                .then()
                .statusCode(406)
                .header("x-amzn-ErrorType", "CertificateStateException")
                .body("message", equalTo("Certificate must be deactivated (not ACTIVE) before deletion. Id: " + id));

        update(id, "newStatus=INACTIVE&newAutoRegistrationStatus=DISABLE", JsonNodeFactory.instance.objectNode())
                .statusCode(200);
        describe(id.toUpperCase())
                .statusCode(200)
                .body("certificateDescription.status", equalTo("INACTIVE"))
                .body("certificateDescription.autoRegistrationStatus", equalTo("DISABLE"))
                .body("certificateDescription.customerVersion", equalTo(2));

        given().delete("/cacertificate/" + id).then().statusCode(200);
        describe(id)
                .statusCode(404)
                .header("x-amzn-ErrorType", "ResourceNotFoundException")
                .body("message", equalTo("The specified resource does not exist"));
        given().delete("/cacertificate/" + id).then().statusCode(404);

        List<ProvisioningChanges.Change> changes =
                KafkaTopicReader.await(
                                ProvisioningChanges.TOPIC,
                                record -> record.key().equals("CA_CERTIFICATE:" + id),
                                3)
                        .stream()
                        .map(record ->
                                ProvisioningChanges.Change.parse(record.value().getBytes()))
                        .toList();
        assertThat(changes)
                .extracting(ProvisioningChanges.Change::detail)
                .containsExactly("registered ACTIVE", "INACTIVE autoRegistration DISABLE", "deleted");
        assertThat(changes).extracting(ProvisioningChanges.Change::revision).isSorted();
    }

    @Test
    void theVerificationCertificateMustCarryTheCodeAndBeSignedByTheCaKey() {
        TestPki.Ca ca = TestPki.Ca.create("verification");
        String code = registrationCode();

        register(body(ca.pem()).put("verificationCertificate", ca.verification("0123")), "")
                .statusCode(400)
                .header("x-amzn-ErrorType", "RegistrationCodeValidationException")
                .body(
                        "message",
                        equalTo("The registration code is invalid: the common name (CN) of verificationCertificate's"
                                + " subject is 0123, not this account's registration code (GetRegistrationCode)"));

        TestPki.Ca impostor = TestPki.Ca.create(ca.subject(), TestPki.ec());
        register(body(ca.pem()).put("verificationCertificate", impostor.verification(code)), "")
                .statusCode(400)
                .header("x-amzn-ErrorType", "CertificateValidationException")
                .body(
                        "message",
                        startsWith("The certificate is invalid: verificationCertificate was not signed with the private"
                                + " key of caCertificate: its signature does not verify with the public key of the CA "
                                + ca.id()));

        register(body(ca.pem()), "")
                .statusCode(400)
                .header("x-amzn-ErrorType", "InvalidRequestException")
                .body(
                        "message",
                        equalTo("verificationCertificate is required when certificateMode is DEFAULT (a certificate"
                                + " signed with the CA's private key whose common name is the registration code)"));
        register(
                        body(ca.pem())
                                .put("certificateMode", "SNI_ONLY")
                                .put("verificationCertificate", ca.verification(code)),
                        "")
                .statusCode(400)
                .header("x-amzn-ErrorType", "InvalidRequestException")
                .body("message", equalTo("verificationCertificate must be empty when certificateMode is SNI_ONLY"));
        describe(ca.id()).statusCode(404);

        register(body(ca.pem()).put("certificateMode", "SNI_ONLY"), "").statusCode(200);
        describe(ca.id())
                .statusCode(200)
                .body("certificateDescription.certificateMode", equalTo("SNI_ONLY"))
                .body("certificateDescription.status", equalTo("INACTIVE"))
                .body("certificateDescription.autoRegistrationStatus", equalTo("DISABLE"))
                .body("registrationConfig", nullValue());
    }

    @Test
    void withoutARegistrationCodeNoVerificationCertificateIsValid() {
        TestPki.Ca ca = TestPki.Ca.create("no-code");
        String verification = ca.verification(registrationCode());
        given().delete("/registrationcode").then().statusCode(200);
        register(body(ca.pem()).put("verificationCertificate", verification), "")
                .statusCode(400)
                .header("x-amzn-ErrorType", "RegistrationCodeValidationException")
                .body(
                        "message",
                        equalTo("The registration code is invalid: this account has no registration code;"
                                + " GetRegistrationCode makes one, to be the common name (CN) of"
                                + " verificationCertificate"));
        describe(ca.id()).statusCode(404);
    }

    @Test
    void aCertificateThatIsNotACaOrNotACertificateIsRefused() {
        KeyPair key = TestPki.ec();
        String subject = "CN=leaf " + UUID.randomUUID();
        String leaf = TestPki.certificate(subject, key, subject, key, false, TestPki.validFrom(), TestPki.validUntil());
        register(body(leaf).put("verificationCertificate", leaf), "")
                .statusCode(400)
                .header("x-amzn-ErrorType", "CertificateValidationException")
                .body(
                        "message",
                        equalTo("The certificate is invalid: caCertificate is not a CA certificate: it has no"
                                + " basicConstraints extension with CA:TRUE"));
        describe(TestPki.certificateId(leaf)).statusCode(404);

        register(body("not a certificate").put("verificationCertificate", leaf), "")
                .statusCode(400)
                .header("x-amzn-ErrorType", "CertificateValidationException")
                .body("message", startsWith("The certificate is invalid: caCertificate"));

        String expiredSubject = "CN=expired " + UUID.randomUUID();
        String expired = TestPki.certificate(
                expiredSubject,
                key,
                expiredSubject,
                key,
                true,
                TestPki.validFrom().minusSeconds(30L * 86_400),
                TestPki.validFrom());
        register(body(expired).put("verificationCertificate", leaf), "")
                .statusCode(400)
                .header("x-amzn-ErrorType", "CertificateValidationException")
                .body(
                        "message",
                        startsWith("The certificate is invalid: caCertificate has expired: its validity ended"));
        describe(TestPki.certificateId(expired)).statusCode(404);
    }

    @Test
    void theSameCaIsRegisteredOnce() {
        TestPki.Ca ca = TestPki.Ca.create("twice");
        String id = registerActive(ca);
        register(ca, "")
                .statusCode(409)
                .header("x-amzn-ErrorType", "ResourceAlreadyExistsException")
                .body("message", equalTo("The CA certificate is already registered"))
                .body("resourceId", equalTo(id))
                .body("resourceArn", equalTo(ACCOUNT_ARN + "cacert/" + id));
    }

    @Test
    void atMostTenCasShareASubject() {
        String subject = "CN=shared " + UUID.randomUUID();
        for (int i = 0; i < 10; i++) {
            registerActive(TestPki.Ca.create(subject, TestPki.ec()));
        }
        TestPki.Ca eleventh = TestPki.Ca.create(subject, TestPki.ec());
        register(eleventh, "")
                .statusCode(410)
                .header("x-amzn-ErrorType", "LimitExceededException")
                .body(
                        "message",
                        equalTo("You can register up to 10 CA certificates with the same subject field; 10 are"
                                + " registered with " + subject));
        describe(eleventh.id()).statusCode(404);
    }

    @Test
    void registrationConfigIsATemplateByNameOrBodyAndCanBeRemoved() {
        String templateName = ProvisioningTemplates.createJitp("jitp");
        TestPki.Ca ca = TestPki.Ca.create("config");
        var both = JsonNodeFactory.instance
                .objectNode()
                .put("templateName", templateName)
                .put("templateBody", "{}");
        register(
                        body(ca.pem())
                                .put("verificationCertificate", ca.verification(registrationCode()))
                                .set("registrationConfig", both),
                        "")
                .statusCode(400)
                .header("x-amzn-ErrorType", "InvalidRequestException")
                .body(
                        "message",
                        equalTo("registrationConfig takes templateName or templateBody, not both: a template is named"
                                + " or given"));
        var notJson = JsonNodeFactory.instance.objectNode().put("templateBody", "{\"Resources\":");
        register(
                        body(ca.pem())
                                .put("verificationCertificate", ca.verification(registrationCode()))
                                .set("registrationConfig", notJson),
                        "")
                .statusCode(400)
                .header("x-amzn-ErrorType", "InvalidRequestException")
                .body("message", startsWith("registrationConfig.templateBody is not JSON: "));
        describe(ca.id()).statusCode(404);

        String id = registerActive(ca);
        update(
                        id,
                        "newAutoRegistrationStatus=ENABLE",
                        JsonNodeFactory.instance
                                .objectNode()
                                .set(
                                        "registrationConfig",
                                        JsonNodeFactory.instance.objectNode().put("templateName", templateName)))
                .statusCode(200);
        describe(id)
                .body("registrationConfig.templateName", equalTo(templateName))
                .body("certificateDescription.autoRegistrationStatus", equalTo("ENABLE"));
        given().get("/cacertificates?templateName=" + templateName)
                .then()
                .statusCode(200)
                .body("certificates.certificateId", equalTo(List.of(id)));

        update(
                        id,
                        "newAutoRegistrationStatus=ENABLE",
                        JsonNodeFactory.instance.objectNode().put("removeAutoRegistration", true))
                .statusCode(400)
                .header("x-amzn-ErrorType", "InvalidRequestException")
                .body(
                        "message",
                        equalTo("removeAutoRegistration removes auto-registration and the registrationConfig; it"
                                + " cannot come with registrationConfig or newAutoRegistrationStatus ENABLE"));
        update(id, "", JsonNodeFactory.instance.objectNode().put("removeAutoRegistration", true))
                .statusCode(200);
        describe(id)
                .body("registrationConfig", nullValue())
                .body("certificateDescription.autoRegistrationStatus", equalTo("DISABLE"))
                .body("certificateDescription.customerVersion", equalTo(3));
        given().get("/cacertificates?templateName=" + templateName)
                .then()
                .body("certificates.certificateId", not(hasItem(id)));
    }

    @Test
    void listingsPageWithMarkerInCreationOrder() {
        String templateName = ProvisioningTemplates.createJitp("paged");
        var config = JsonNodeFactory.instance.objectNode().put("templateName", templateName);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            TestPki.Ca ca = TestPki.Ca.create("paged");
            ids.add(register(
                            body(ca.pem())
                                    .put("verificationCertificate", ca.verification(registrationCode()))
                                    .set("registrationConfig", config.deepCopy()),
                            "")
                    .statusCode(200)
                    .extract()
                    .path("certificateId"));
        }
        var first = given().get("/cacertificates?templateName=" + templateName + "&pageSize=2&isAscendingOrder=true")
                .then()
                .statusCode(200)
                .extract();
        assertThat(first.<List<String>>path("certificates.certificateId")).isEqualTo(ids.subList(0, 2));
        assertThat(first.<List<String>>path("certificates.status")).containsOnly("INACTIVE");
        String marker = first.path("nextMarker");
        assertThat(marker).isNotNull();
        given().queryParam("templateName", templateName)
                .queryParam("pageSize", 2)
                .queryParam("isAscendingOrder", true)
                .queryParam("marker", marker)
                .get("/cacertificates")
                .then()
                .statusCode(200)
                .body("certificates.certificateId", equalTo(ids.subList(2, 3)))
                .body("nextMarker", nullValue());
        given().get("/cacertificates?templateName=" + templateName)
                .then()
                .body("certificates.certificateId", equalTo(ids.reversed()));
        given().queryParam("pageSize", 2)
                .queryParam("isAscendingOrder", true)
                .queryParam("marker", marker)
                .get("/cacertificates")
                .then()
                .statusCode(400)
                .header("x-amzn-ErrorType", "InvalidRequestException");
    }
}

package io.iotdm.provisioning.ca;

import static io.iotdm.provisioning.ca.CaCalls.ACCOUNT_ARN;
import static io.iotdm.provisioning.ca.CaCalls.body;
import static io.iotdm.provisioning.ca.CaCalls.certificateBody;
import static io.iotdm.provisioning.ca.CaCalls.register;
import static io.iotdm.provisioning.ca.CaCalls.registerActive;
import static io.iotdm.provisioning.ca.CaCalls.registerCertificate;
import static io.iotdm.provisioning.ca.CaCalls.update;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.iotdm.events.ProvisioningChanges;
import io.iotdm.provisioning.ProvisioningTestResource;
import io.iotdm.provisioning.TestPki;
import io.iotdm.testing.KafkaTopicReader;
import io.quarkus.test.junit.QuarkusTest;
import java.security.KeyPair;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@ProvisioningTestResource
class RegisterCertificateTest {

    @Test
    void aCertificateOfAnActiveCaIsRegisteredUnderItAndListedByIt() {
        TestPki.Ca ca = TestPki.Ca.create("device-ca");
        String caId = registerActive(ca);
        String device = ca.device("lamp-1");
        String id = TestPki.certificateId(device);

        registerCertificate(certificateBody(device), "")
                .statusCode(200)
                .body("certificateId", equalTo(id))
                .body("certificateArn", equalTo(ACCOUNT_ARN + "cert/" + id));
        given().get("/certificates/" + id)
                .then()
                .statusCode(200)
                .body("certificateDescription.certificateId", equalTo(id))
                .body("certificateDescription.caCertificateId", equalTo(caId))
                .body("certificateDescription.status", equalTo("INACTIVE"))
                .body("certificateDescription.certificatePem", equalTo(device))
                .body("certificateDescription.certificateMode", equalTo("DEFAULT"));

        String active = ca.device("lamp-2");
        registerCertificate(certificateBody(active), "setAsActive=true").statusCode(200);
        String revoked = ca.device("lamp-3");
        registerCertificate(certificateBody(revoked).put("status", "REVOKED"), "")
                .statusCode(200);
        given().get("/certificates/" + TestPki.certificateId(active))
                .then()
                .body("certificateDescription.status", equalTo("ACTIVE"));
        given().get("/certificates/" + TestPki.certificateId(revoked))
                .then()
                .body("certificateDescription.status", equalTo("REVOKED"));

        var listed = given().get("/certificates-by-ca/" + caId + "?isAscendingOrder=true")
                .then()
                .statusCode(200)
                .extract();
        assertThat(listed.<List<String>>path("certificates.certificateId"))
                .containsExactly(id, TestPki.certificateId(active), TestPki.certificateId(revoked));

        List<ProvisioningChanges.Change> changes =
                KafkaTopicReader.await(
                                ProvisioningChanges.TOPIC,
                                record -> record.key().equals("CERTIFICATE:" + id),
                                1)
                        .stream()
                        .map(record ->
                                ProvisioningChanges.Change.parse(record.value().getBytes()))
                        .toList();
        assertThat(changes).extracting(ProvisioningChanges.Change::detail).containsExactly("registered INACTIVE");
    }

    @Test
    void aCertificateIsRegisteredOnce() {
        TestPki.Ca ca = TestPki.Ca.create("once");
        registerActive(ca);
        String device = ca.device("twice");
        String id = TestPki.certificateId(device);
        registerCertificate(certificateBody(device), "").statusCode(200);
        registerCertificate(certificateBody(device).put("caCertificatePem", ca.pem()), "")
                .statusCode(409)
                .header("x-amzn-ErrorType", "ResourceAlreadyExistsException")
                .body("message", equalTo("The certificate is already provisioned or registered"))
                .body("resourceId", equalTo(id))
                .body("resourceArn", equalTo(ACCOUNT_ARN + "cert/" + id));
    }

    @Test
    void theSigningCaMustBeRegisteredAndActive() {
        TestPki.Ca unregistered = TestPki.Ca.create("unregistered");
        String orphan = unregistered.device("orphan");
        registerCertificate(certificateBody(orphan), "")
                .statusCode(400)
                .header("x-amzn-ErrorType", "CertificateValidationException")
                .body(
                        "message",
                        startsWith("The certificate is invalid: certificatePem was not issued by a registered CA"
                                + " certificate"));
        registerCertificate(certificateBody(orphan).put("caCertificatePem", unregistered.pem()), "")
                .statusCode(400)
                .header("x-amzn-ErrorType", "CertificateValidationException")
                .body(
                        "message",
                        equalTo("The certificate is invalid: caCertificatePem is not a registered CA certificate (id "
                                + unregistered.id() + "); register it with RegisterCACertificate first"));

        TestPki.Ca inactive = TestPki.Ca.create("inactive");
        String inactiveId = register(inactive, "").statusCode(200).extract().path("certificateId");
        registerCertificate(certificateBody(inactive.device("waiting")), "")
                .statusCode(406)
                .header("x-amzn-ErrorType", "CertificateStateException")
                .body(
                        "message",
                        equalTo("The CA certificate " + inactiveId + " that signed certificatePem is INACTIVE;"
                                + " certificates are registered under an ACTIVE CA (UpdateCACertificate)"));
        update(inactiveId, "newStatus=ACTIVE", JsonNodeFactory.instance.objectNode())
                .statusCode(200);
        registerCertificate(certificateBody(inactive.device("waiting")), "").statusCode(200);

        TestPki.Ca other = TestPki.Ca.create("other");
        registerActive(other);
        registerCertificate(certificateBody(inactive.device("mismatch")).put("caCertificatePem", other.pem()), "")
                .statusCode(400)
                .header("x-amzn-ErrorType", "CertificateValidationException")
                .body(
                        "message",
                        startsWith("The certificate is invalid: certificatePem was not issued by the CA of"
                                + " caCertificatePem: its issuer is "));
    }

    @Test
    void casSharingASubjectAreToldApartByKeyOrByCaCertificatePem() {
        String subject = "CN=fleet " + UUID.randomUUID() + ", O=iotdm tests";
        TestPki.Ca first = TestPki.Ca.create(subject, TestPki.ec());
        TestPki.Ca second = TestPki.Ca.create(subject, TestPki.ec());
        registerActive(first);
        String secondId = registerActive(second);
        String bySecond = second.device("by-second");
        registerCertificate(certificateBody(bySecond), "").statusCode(200);
        given().get("/certificates/" + TestPki.certificateId(bySecond))
                .then()
                .body("certificateDescription.caCertificateId", equalTo(secondId));

        // the same subject and key in two CA certificates (a renewal): only caCertificatePem tells which is meant
        TestPki.Ca renewed = TestPki.Ca.create(subject, second.key());
        String renewedId = registerActive(renewed);
        String ambiguous = second.device("ambiguous");
        registerCertificate(certificateBody(ambiguous), "")
                .statusCode(409)
                .header("x-amzn-ErrorType", "CertificateConflictException")
                .body(
                        "message",
                        startsWith("Unable to verify the CA certificate used to sign the device certificate you are"
                                + " attempting to register. This happens when you have registered more than one CA"
                                + " certificate that has the same subject field and public key: 2 registered CA"
                                + " certificates with the subject "));
        given().get("/certificates/" + TestPki.certificateId(ambiguous)).then().statusCode(404);
        registerCertificate(certificateBody(ambiguous).put("caCertificatePem", renewed.pem()), "")
                .statusCode(200);
        given().get("/certificates/" + TestPki.certificateId(ambiguous))
                .then()
                .body("certificateDescription.caCertificateId", equalTo(renewedId));
    }

    @Test
    void aCertificateTakesItsCasModeAndOnlyASettableStatus() {
        TestPki.Ca sni = TestPki.Ca.create("sni");
        String sniId = register(body(sni.pem()).put("certificateMode", "SNI_ONLY"), "setAsActive=true")
                .statusCode(200)
                .extract()
                .path("certificateId");
        String device = sni.device("sni-device");
        registerCertificate(certificateBody(device).put("status", "PENDING_TRANSFER"), "")
                .statusCode(400)
                .header("x-amzn-ErrorType", "InvalidRequestException")
                .body(
                        "message",
                        equalTo("The certificate status can only be set to ACTIVE, INACTIVE or REVOKED, not"
                                + " PENDING_TRANSFER"));
        registerCertificate(certificateBody(device).put("status", "INACTIVE"), "setAsActive=true")
                .statusCode(400)
                .header("x-amzn-ErrorType", "InvalidRequestException")
                .body("message", equalTo("setAsActive asks for ACTIVE but status is INACTIVE; give one of them"));
        registerCertificate(certificateBody(device).put("status", "ACTIVE"), "").statusCode(200);
        given().get("/certificates/" + TestPki.certificateId(device))
                .then()
                .body("certificateDescription.caCertificateId", equalTo(sniId))
                .body("certificateDescription.status", equalTo("ACTIVE"))
                .body("certificateDescription.certificateMode", equalTo("SNI_ONLY"));
    }

    @Test
    void anUnusableCertificateIsRefusedAndNothingIsWritten() {
        TestPki.Ca ca = TestPki.Ca.create("unusable");
        registerActive(ca);
        KeyPair key = TestPki.ec();
        String expired = TestPki.certificate(
                "CN=expired",
                key,
                ca.subject(),
                ca.key(),
                false,
                TestPki.validFrom().minusSeconds(30L * 86_400),
                TestPki.validFrom());
        registerCertificate(certificateBody(expired), "")
                .statusCode(400)
                .header("x-amzn-ErrorType", "CertificateValidationException")
                .body(
                        "message",
                        startsWith("The certificate is invalid: certificatePem has expired: its validity ended at "));
        given().get("/certificates/" + TestPki.certificateId(expired)).then().statusCode(404);

        registerCertificate(certificateBody("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"), "")
                .statusCode(400)
                .header("x-amzn-ErrorType", "CertificateValidationException")
                .body("message", startsWith("The certificate is invalid: certificatePem "));
        registerCertificate(certificateBody(ca.device("x")).put("caCertificatePem", "garbage"), "")
                .statusCode(400)
                .header("x-amzn-ErrorType", "CertificateValidationException")
                .body("message", startsWith("The certificate is invalid: caCertificatePem "));
    }
}

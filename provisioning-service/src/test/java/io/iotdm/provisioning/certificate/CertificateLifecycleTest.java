package io.iotdm.provisioning.certificate;

import static io.iotdm.provisioning.certificate.TestCertificates.delete;
import static io.iotdm.provisioning.certificate.TestCertificates.describe;
import static io.iotdm.provisioning.certificate.TestCertificates.registered;
import static io.iotdm.provisioning.certificate.TestCertificates.update;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.agroal.api.AgroalDataSource;
import io.iotdm.events.ProvisioningChanges;
import io.iotdm.provisioning.ProvisioningTestResource;
import io.iotdm.testing.KafkaTopicReader;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** DescribeCertificate, ListCertificates(ByCA), UpdateCertificate and DeleteCertificate (docs/aws-behaviour.md §6.1). */
@QuarkusTest
@ProvisioningTestResource
class CertificateLifecycleTest {

    private static final String ARN_PREFIX = "arn:aws:iot:us-east-1:123456789012:cert/";

    @Inject
    AgroalDataSource dataSource;

    @Test
    void describeAnswersTheWholeDescription() {
        String id = registered(null);
        describe(id)
                .statusCode(200)
                .body("certificateDescription.certificateArn", equalTo(ARN_PREFIX + id))
                .body("certificateDescription.certificateId", equalTo(id))
                .body("certificateDescription.ownedBy", equalTo("123456789012"))
                .body("certificateDescription.certificatePem", notNullValue())
                .body("certificateDescription.creationDate", notNullValue())
                .body("certificateDescription.lastModifiedDate", notNullValue())
                .body("certificateDescription.generationId", notNullValue())
                .body("certificateDescription.validity.notBefore", notNullValue())
                .body("certificateDescription.validity.notAfter", notNullValue());
        // the model lets a caller send the id in upper case
        describe(id.toUpperCase()).statusCode(200).body("certificateDescription.certificateId", equalTo(id));
        describe("0".repeat(64))
                .statusCode(404)
                .header("x-amzn-ErrorType", "ResourceNotFoundException")
                .body("message", equalTo("The specified resource does not exist"));
    }

    @Test
    void onlyActiveInactiveAndRevokedAreSettableAndRevokedStaysRevoked() {
        String id = registered("INACTIVE");
        String generation = describe(id).extract().path("certificateDescription.generationId");

        update(id, "ACTIVE").statusCode(200);
        describe(id)
                .body("certificateDescription.status", equalTo("ACTIVE"))
                .body("certificateDescription.customerVersion", equalTo(2))
                .body("certificateDescription.generationId", not(equalTo(generation)));
        update(id, "ACTIVE").statusCode(200); // the status it has: nothing changes
        describe(id).body("certificateDescription.customerVersion", equalTo(2));

        for (String status : List.of("PENDING_TRANSFER", "REGISTER_INACTIVE", "PENDING_ACTIVATION")) {
            update(id, status)
                    .statusCode(400)
                    .header("x-amzn-ErrorType", "InvalidRequestException")
                    .body(
                            "message",
                            equalTo("The certificate status can only be set to ACTIVE, INACTIVE or REVOKED, not "
                                    + status));
        }
        update(id, "REVOKED").statusCode(200);
        update(id, "ACTIVE")
                .statusCode(406)
                .header("x-amzn-ErrorType", "CertificateStateException")
                .body(
                        "message",
                        equalTo("Certificate is revoked; a revoked certificate cannot change status. Id: " + id));
        update(id, "INACTIVE").statusCode(406);
        describe(id)
                .body("certificateDescription.status", equalTo("REVOKED"))
                .body("certificateDescription.customerVersion", equalTo(3));
        update("f".repeat(64), "ACTIVE").statusCode(404).header("x-amzn-ErrorType", "ResourceNotFoundException");

        var details =
                KafkaTopicReader.await(
                                ProvisioningChanges.TOPIC,
                                record -> record.key().equals("CERTIFICATE:" + id),
                                3)
                        .stream()
                        .map(record ->
                                ProvisioningChanges.Change.parse(record.value().getBytes()))
                        .toList();
        assertThat(details)
                .extracting(ProvisioningChanges.Change::detail)
                .containsExactly("created", "ACTIVE", "REVOKED");
        assertThat(details).extracting(ProvisioningChanges.Change::revision).isSorted();
    }

    @Test
    void anActiveCertificateCannotBeDeleted() {
        String id = registered("ACTIVE");
        delete(id, false)
                .statusCode(406)
                .header("x-amzn-ErrorType", "CertificateStateException")
                .body("message", equalTo("Certificate must be deactivated (not ACTIVE) before deletion. Id: " + id));
        delete(id, true).statusCode(406);
        update(id, "INACTIVE").statusCode(200);
        delete(id, false).statusCode(200);
        describe(id).statusCode(404);
        delete(id, false).statusCode(404).header("x-amzn-ErrorType", "ResourceNotFoundException");
    }

    @Test
    void attachedPoliciesBlockDeletionUnlessForceDelete() throws Exception {
        String id = registered("INACTIVE");
        String arn = ARN_PREFIX + id;
        String policy = "cert-policy-" + UUID.randomUUID().toString().substring(0, 8);
        given().contentType(ContentType.JSON)
                .body(JsonNodeFactory.instance
                        .objectNode()
                        .put(
                                "policyDocument",
                                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                                        + "\"Action\":\"iot:Connect\",\"Resource\":\"*\"}]}")
                        .toString())
                .post("/policies/" + policy)
                .then()
                .statusCode(200);
        // AttachPolicy is not this package's: the attachment goes in as PolicyRepository.attach writes it
        execute("INSERT INTO policy_target (policy_name, target, attached_at) VALUES (?, ?, now())", policy, arn);

        delete(id, false)
                .statusCode(409)
                .header("x-amzn-ErrorType", "DeleteConflictException")
                .body("message", equalTo("Certificate policies must be detached before deletion (arn: " + arn + ")"));
        describe(id).statusCode(200);

        delete(id, true).statusCode(200);
        describe(id).statusCode(404);
        assertThat(count("SELECT count(*) FROM policy_target WHERE target = ?", arn))
                .as("attachments left")
                .isZero();
        given().get("/policies/" + policy).then().statusCode(200);
    }

    @Test
    void attachedThingsBlockDeletionEvenWithForceDelete() throws Exception {
        String id = registered("INACTIVE");
        String arn = ARN_PREFIX + id;
        execute(
                "INSERT INTO thing_principal (principal, thing_name, thing_principal_type, attached_at)"
                        + " VALUES (?, ?, 'NON_EXCLUSIVE_THING', now())",
                arn,
                "lamp-" + id.substring(0, 8));
        delete(id, true)
                .statusCode(409)
                .header("x-amzn-ErrorType", "DeleteConflictException")
                .body("message", equalTo("Things must be detached before deletion (arn: " + arn + ")"));
        describe(id).statusCode(200);
        execute("DELETE FROM thing_principal WHERE principal = ?", arn);
        delete(id, false).statusCode(200);
    }

    @Test
    void listCertificatesPagesWithMarkerInBothOrders() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(registered(null));
        }
        assertThat(allPages(() -> given().queryParam("isAscendingOrder", true), "/certificates", 2))
                .containsSubsequence(ids);
        assertThat(allPages(() -> given(), "/certificates", 2)).containsSubsequence(ids.reversed());

        given().queryParam("pageSize", 1)
                .get("/certificates")
                .then()
                .statusCode(200)
                .body("certificates.size()", equalTo(1))
                .body("certificates[0].certificateArn", notNullValue())
                .body("certificates[0].status", notNullValue())
                .body("certificates[0].certificateMode", notNullValue())
                .body("certificates[0].creationDate", notNullValue())
                .body("nextMarker", notNullValue());
        given().queryParam("marker", "forged")
                .get("/certificates")
                .then()
                .statusCode(400)
                .header("x-amzn-ErrorType", "InvalidRequestException");
    }

    @Test
    void listCertificatesByCaListsThatCasCertificatesOnly() throws Exception {
        // RegisterCertificate (with a CA) is not this package's yet: the CA's id goes in as it would write it
        String caId = UUID.randomUUID().toString().replace("-", "")
                + UUID.randomUUID().toString().replace("-", "");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String id = registered("ACTIVE");
            execute(
                    "UPDATE certificate SET ca_certificate_id = ?, certificate_mode = 'DEFAULT' WHERE certificate_id = ?",
                    caId,
                    id);
            ids.add(id);
        }
        registered("ACTIVE"); // of no CA

        String path = "/certificates-by-ca/" + caId;
        assertThat(allPages(() -> given().queryParam("isAscendingOrder", true), path, 2))
                .containsExactlyElementsOf(ids);
        assertThat(allPages(() -> given(), path, 2)).containsExactlyElementsOf(ids.reversed());
        describe(ids.getFirst()).body("certificateDescription.caCertificateId", equalTo(caId));

        // a marker of one listing is refused by another
        String marker =
                given().queryParam("pageSize", 1).get(path).then().extract().path("nextMarker");
        given().queryParam("marker", marker)
                .get("/certificates")
                .then()
                .statusCode(400)
                .header("x-amzn-ErrorType", "InvalidRequestException");
        given().get("/certificates-by-ca/" + "a".repeat(64))
                .then()
                .statusCode(200)
                .body("certificates.size()", equalTo(0))
                .body("containsKey('nextMarker')", equalTo(false));
    }

    /** The certificate ids of every page of a listing, following {@code nextMarker}. */
    private static List<String> allPages(
            java.util.function.Supplier<RequestSpecification> request, String path, int pageSize) {
        List<String> seen = new ArrayList<>();
        String marker = null;
        do {
            RequestSpecification page = request.get().queryParam("pageSize", pageSize);
            if (marker != null) {
                page.queryParam("marker", marker);
            }
            var answer = page.get(path)
                    .then()
                    .log()
                    .ifValidationFails()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            List<String> ids = answer.getList("certificates.certificateId");
            assertThat(ids).hasSizeLessThanOrEqualTo(pageSize);
            seen.addAll(ids);
            marker = answer.getString("nextMarker");
        } while (marker != null);
        return seen;
    }

    private void execute(String sql, String... parameters) throws Exception {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setString(i + 1, parameters[i]);
            }
            statement.executeUpdate();
        }
    }

    private long count(String sql, String parameter) throws Exception {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, parameter);
            try (ResultSet count = statement.executeQuery()) {
                count.next();
                return count.getLong(1);
            }
        }
    }
}

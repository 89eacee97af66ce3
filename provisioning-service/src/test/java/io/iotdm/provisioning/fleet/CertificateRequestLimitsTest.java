package io.iotdm.provisioning.fleet;

import static io.iotdm.provisioning.fleet.FleetProvisioningTest.fleetTemplate;
import static io.iotdm.provisioning.fleet.FleetProvisioningTest.provision;
import static io.iotdm.provisioning.fleet.FleetProvisioningTest.provisionTopic;
import static io.iotdm.provisioning.fleet.FleetProvisioningTest.rejection;
import static io.iotdm.provisioning.provisioningtemplate.ProvisioningTemplates.unique;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import io.iotdm.provisioning.ProvisioningTestResource;
import io.iotdm.provisioning.fleet.DeviceBridge.Answer;
import io.iotdm.provisioning.store.DeviceCertificateRequest;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hibernate.reactive.mutiny.Mutiny;
import org.junit.jupiter.api.Test;

/**
 * What keeps {@code $aws/certificates/create} from piling up certificates (docs/aws-behaviour.md §6.10): a rate per
 * claim certificate, and the deletion of the certificates no provisioning used within an ownership token's life; and a
 * request that fails for a reason of its own is answered and holds up nothing behind it.
 */
@QuarkusTest
@ProvisioningTestResource
class CertificateRequestLimitsTest {

    private static final String CREATE = "$aws/certificates/create/json";

    @Inject
    CertificateRequests certificateRequests;

    @Inject
    OwnershipTokens tokens;

    @Inject
    Mutiny.SessionFactory sessions;

    @ConfigProperty(name = "iotdm.provisioning.fleet-provisioning.certificates-per-claim")
    int perClaim;

    @ConfigProperty(name = "iotdm.provisioning.fleet-provisioning.certificates-per-claim-window")
    Duration window;

    @Test
    void aClaimCertificateMakesSoManyCertificatesAWindowThenIsThrottled() {
        String claim = unique("claim");
        String clientId = unique("device");
        String otherClientId = unique("device");

        for (int i = 0; i <= perClaim; i++) {
            DeviceBridge.publish(clientId, claim, CREATE, "");
        }
        DeviceBridge.publish(otherClientId, unique("claim"), CREATE, "");

        List<Answer> answers = DeviceBridge.answers(clientId, perClaim + 1);
        assertThat(answers.subList(0, perClaim)).extracting(Answer::mqttTopic).containsOnly(CREATE + "/accepted");
        assertThat(answers.get(perClaim).payload())
                .isEqualTo(rejection(
                        429,
                        "Throttling",
                        "Rate exceeded: the certificate " + claim + " made " + perClaim
                                + " certificates within the last " + window.toSeconds() + " seconds"));
        assertThat(DeviceBridge.answer(otherClientId).mqttTopic())
                .as("another claim has a rate of its own")
                .isEqualTo(CREATE + "/accepted");
    }

    @Test
    void aCertificateNoProvisioningUsedWithinAnOwnershipTokensLifeIsDeleted() {
        String template = fleetTemplate();
        String clientId = unique("device");
        DeviceBridge.publish(clientId, null, CREATE, "");
        DeviceBridge.publish(clientId, null, CREATE, "");
        List<Answer> created = DeviceBridge.answers(clientId, 2);
        String unused = created.get(0).payload().path("certificateId").asText();
        JsonNode used = created.get(1).payload();
        DeviceBridge.publish(
                clientId,
                null,
                provisionTopic(template),
                provision(used.path("certificateOwnershipToken").asText(), unique("sensor")));
        assertThat(DeviceBridge.answers(clientId, 3).get(2).mqttTopic())
                .isEqualTo(provisionTopic(template) + "/accepted");

        // the sweep as it runs once the tokens have expired, until it has gone through every request of the database
        Instant later = Instant.now().plus(tokens.validity()).plusSeconds(60);
        while (await(certificateRequests.prune(later)) == CertificateRequests.SWEEP_BATCH) {
            // the next batch
        }

        given().get("/certificates/" + unused).then().statusCode(404);
        given().get("/certificates/" + used.path("certificateId").asText())
                .then()
                .statusCode(200)
                .body("certificateDescription.status", equalTo("ACTIVE"));
    }

    @Test
    void aRequestThatFailsForAReasonOfItsOwnIsAnsweredInternalErrorAndTheNextOneIsApplied() {
        String clientId = unique("device");
        String poisoned = UUID.randomUUID().toString();
        // a stored answer that does not open (sealed under another secret): FleetSecrets.open throws on every try
        await(sessions.withTransaction(session -> session.persist(
                new DeviceCertificateRequest(poisoned, unique("certificate"), "A".repeat(64), Instant.now(), null))));

        DeviceBridge.publish(clientId, null, CREATE, "", poisoned);
        DeviceBridge.publish(clientId, null, CREATE, "");

        List<Answer> answers = DeviceBridge.answers(clientId, 2);
        assertThat(answers.get(0).mqttTopic()).isEqualTo(CREATE + "/rejected");
        assertThat(answers.get(0).payload())
                .isEqualTo(
                        rejection(500, "InternalError", "An internal error occurred; the request can be sent again"));
        assertThat(answers.get(1).mqttTopic()).isEqualTo(CREATE + "/accepted");
    }

    private static <T> T await(io.smallrye.mutiny.Uni<T> work) {
        try {
            return VertxContextSupport.subscribeAndAwait(() -> work);
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }
}

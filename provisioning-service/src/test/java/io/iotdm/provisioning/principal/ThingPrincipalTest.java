package io.iotdm.provisioning.principal;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.iotdm.provisioning.ProvisioningTestResource;
import io.iotdm.provisioning.StoredCertificates;
import io.iotdm.provisioning.TestPeers;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.hibernate.reactive.mutiny.Mutiny;
import org.junit.jupiter.api.Test;

@QuarkusTest
@ProvisioningTestResource
public class ThingPrincipalTest {

    @Inject
    Mutiny.SessionFactory sessions;

    @Inject
    TestPeers peers;

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    String thing() {
        String name = unique("thing");
        peers.thing(name);
        return name;
    }

    public static ValidatableResponse attach(String thing, String principal, String type) {
        var request = given().header("x-amzn-principal", principal);
        if (type != null) {
            request.queryParam("thingPrincipalType", type);
        }
        return request.put("/things/" + thing + "/principals").then();
    }

    @Test
    void aCertificateAttachedToAThingIsListedBothWaysAndBlocksItsDeletion() {
        String id = StoredCertificates.insert(sessions);
        String certificate = StoredCertificates.arn(id);
        String thing = thing();

        attach(thing, certificate, null).statusCode(200);
        attach(thing, certificate, null).statusCode(200);

        given().get("/things/" + thing + "/principals")
                .then()
                .statusCode(200)
                .body("principals", equalTo(List.of(certificate)));
        given().get("/things/" + thing + "/principals-v2")
                .then()
                .statusCode(200)
                .body("thingPrincipalObjects[0].principal", equalTo(certificate))
                .body("thingPrincipalObjects[0].thingPrincipalType", equalTo("NON_EXCLUSIVE_THING"));
        given().header("x-amzn-principal", certificate)
                .get("/principals/things")
                .then()
                .statusCode(200)
                .body("things", equalTo(List.of(thing)));

        given().queryParam("newStatus", "INACTIVE")
                .put("/certificates/" + id)
                .then()
                .statusCode(200);
        given().delete("/certificates/" + id)
                .then()
                .statusCode(409)
                .header("x-amzn-ErrorType", "DeleteConflictException")
                .body("message", equalTo("Things must be detached before deletion (arn: " + certificate + ")"));

        given().header("x-amzn-principal", certificate)
                .delete("/things/" + thing + "/principals")
                .then()
                .statusCode(200);
        given().get("/things/" + thing + "/principals").then().body("principals", equalTo(List.of()));
        given().delete("/certificates/" + id).then().statusCode(200);
    }

    @Test
    void anExclusiveAttachmentIsThePrincipalsOnlyOne() {
        String certificate = StoredCertificates.arn(StoredCertificates.insert(sessions));
        String first = thing();
        String second = thing();

        attach(first, certificate, "EXCLUSIVE_THING").statusCode(200);
        attach(second, certificate, null)
                .statusCode(400)
                .header("x-amzn-ErrorType", "InvalidRequestException")
                .body("message", equalTo("Principal " + certificate + " is attached exclusively to " + first));
        attach(first, certificate, "NON_EXCLUSIVE_THING").statusCode(200);
        attach(second, certificate, null).statusCode(200);
        attach(second, certificate, "EXCLUSIVE_THING")
                .statusCode(400)
                .body(
                        "message",
                        equalTo("Principal " + certificate
                                + " is attached to other things: it cannot be attached exclusively to " + second));

        given().header("x-amzn-principal", certificate)
                .queryParam("thingPrincipalType", "NON_EXCLUSIVE_THING")
                .get("/principals/things-v2")
                .then()
                .statusCode(200)
                .body(
                        "principalThingObjects.thingName",
                        equalTo(List.of(first, second).stream().sorted().toList()));
        given().header("x-amzn-principal", certificate)
                .queryParam("thingPrincipalType", "EXCLUSIVE_THING")
                .get("/principals/things-v2")
                .then()
                .statusCode(200)
                .body("principalThingObjects", equalTo(List.of()));
    }

    @Test
    void theThingAndTheCertificateMustExist() {
        String certificate = StoredCertificates.arn(StoredCertificates.insert(sessions));
        String missing = unique("missing");
        attach(missing, certificate, null)
                .statusCode(404)
                .header("x-amzn-ErrorType", "ResourceNotFoundException")
                .body("message", equalTo("Thing " + missing + " does not exist"));
        String unknown = StoredCertificates.arn("cd".repeat(32));
        attach(thing(), unknown, null)
                .statusCode(404)
                .body("message", equalTo("The certificate " + unknown + " does not exist"));
        given().get("/things/" + missing + "/principals")
                .then()
                .statusCode(404)
                .body(
                        "message",
                        equalTo("Failed to list principals for thing " + missing
                                + " because the thing does not exist in your account"));
        attach(thing(), "us-east-1:" + UUID.randomUUID(), null).statusCode(200); // a Cognito identity
    }

    @Test
    void listingsPageWithTokens() {
        String certificate = StoredCertificates.arn(StoredCertificates.insert(sessions));
        List<String> things = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String thing = thing();
            attach(thing, certificate, null).statusCode(200);
            things.add(thing);
        }
        List<String> seen = new ArrayList<>();
        String token = null;
        do {
            var request = given().header("x-amzn-principal", certificate).queryParam("maxResults", 2);
            if (token != null) {
                request.queryParam("nextToken", token);
            }
            var page = request.get("/principals/things")
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            seen.addAll(page.getList("things"));
            token = page.getString("nextToken");
        } while (token != null);
        assertThat(seen).containsExactlyElementsOf(things.stream().sorted().toList());
    }
}

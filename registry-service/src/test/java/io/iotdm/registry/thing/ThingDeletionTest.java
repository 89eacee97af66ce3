package io.iotdm.registry.thing;

import static io.iotdm.registry.thing.ThingOperationsTest.create;
import static io.iotdm.registry.thing.ThingOperationsTest.unique;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.iotdm.registry.RegistryTestResource;
import io.iotdm.registry.TestProvisioning;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * DeleteThing of a thing with principals attached (docs/aws-behaviour.md §1.2), the attachments answered by
 * {@link TestProvisioning} as the provisioning-service answers them over gRPC.
 */
@QuarkusTest
@RegistryTestResource
class ThingDeletionTest {

    @Inject
    TestProvisioning provisioning;

    @AfterEach
    void provisioningUp() {
        provisioning.unavailable(false);
    }

    @Test
    void aThingWithPrincipalsAttachedIsRefusedUntilTheyAreDetached() {
        String name = unique("attached");
        create(name, "{}").statusCode(200);
        provisioning.attach(name);

        given().delete("/things/" + name)
                .then()
                .statusCode(400)
                .header("x-amzn-ErrorType", "InvalidRequestException")
                .body(
                        "message",
                        equalTo("Cannot delete. Thing " + name + " is still attached to one or more principals"));
        given().get("/things/" + name).then().statusCode(200).body("thingName", equalTo(name));

        provisioning.detach(name);
        given().delete("/things/" + name).then().statusCode(200);
        given().get("/things/" + name).then().statusCode(404);
    }

    @Test
    void withoutTheProvisioningServicesAnswerAThingIsNotDeleted() {
        String name = unique("unknown");
        create(name, "{}").statusCode(200);
        provisioning.unavailable(true);

        given().delete("/things/" + name)
                .then()
                .statusCode(503)
                .header("x-amzn-ErrorType", "ServiceUnavailableException")
                .body(
                        "message",
                        equalTo("The provisioning-service is unavailable, so whether principals are attached to thing "
                                + name + " is unknown; retry the request later"));
        given().get("/things/" + name).then().statusCode(200);

        // a thing that does not exist needs no answer: deleting it succeeds, as always
        given().delete("/things/" + unique("never")).then().statusCode(200);

        provisioning.unavailable(false);
        given().delete("/things/" + name).then().statusCode(200);
    }

    @Test
    void aThingThatDoesNotExistIsDeletedWhateverTheAttachmentsSay() {
        // an attachment that outlived its thing (docs/aws-behaviour.md §1.2) does not make DeleteThing fail
        String name = unique("gone");
        provisioning.attach(name);
        given().delete("/things/" + name).then().statusCode(200);
    }
}

package io.iotdm.group.tags;

import static io.iotdm.group.Api.createGroup;
import static io.iotdm.group.Api.deleteGroup;
import static io.iotdm.group.Api.unique;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;

import io.iotdm.group.GroupTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

/** TagResource, UntagResource and ListTagsForResource on thing group ARNs (the gateway routes them here). */
@QuarkusTest
@GroupTestResource
class GroupTagsTest {

    private static final String ARN = "arn:aws:iot:us-east-1:123456789012:thinggroup/";

    @Test
    void aGroupKeepsTheTagsOfItsCreationAndOfTagResourceUntilItIsDeleted() {
        String name = unique("tagged");
        createGroup(name, "{\"tags\":[{\"Key\":\"team\",\"Value\":\"ops\"}]}").statusCode(200);

        tag(ARN + name, "{\"Key\":\"site\",\"Value\":\"lyon\"},{\"Key\":\"team\",\"Value\":\"fleet\"}")
                .statusCode(200);
        list(ARN + name)
                .statusCode(200)
                .body("tags.Key", contains("site", "team"))
                .body("tags.Value", contains("lyon", "fleet"));

        given().contentType(ContentType.JSON)
                .body("{\"resourceArn\":\"" + ARN + name + "\",\"tagKeys\":[\"site\"]}")
                .post("/untag")
                .then()
                .statusCode(200);
        list(ARN + name).statusCode(200).body("tags.Key", contains("team"));

        deleteGroup(name).statusCode(200);
        createGroup(name).statusCode(200);
        list(ARN + name).statusCode(200).body("tags", empty());
    }

    @Test
    void anUnknownGroupOrAnotherServicesResourceIsRefused() {
        tag(ARN + unique("missing"), "{\"Key\":\"a\",\"Value\":\"b\"}")
                .statusCode(404)
                .header("x-amzn-ErrorType", equalTo("ResourceNotFoundException"));
        list("arn:aws:iot:us-east-1:123456789012:thing/lamp")
                .statusCode(400)
                .header("x-amzn-ErrorType", equalTo("InvalidRequestException"));
    }

    private static ValidatableResponse tag(String arn, String tags) {
        return given().contentType(ContentType.JSON)
                .body("{\"resourceArn\":\"" + arn + "\",\"tags\":[" + tags + "]}")
                .post("/tags")
                .then();
    }

    private static ValidatableResponse list(String arn) {
        return given().queryParam("resourceArn", arn).get("/tags").then();
    }
}

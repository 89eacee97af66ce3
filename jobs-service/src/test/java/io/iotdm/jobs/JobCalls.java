package io.iotdm.jobs;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.util.UUID;

/** The jobs-service's operations as the tests call them: control plane signed {@code iot}, device API {@code iot-jobs-data}. */
public final class JobCalls {

    public static final String ARN = "arn:aws:iot:us-east-1:123456789012:";
    public static final JsonMapper JSON = new JsonMapper();

    private JobCalls() {}

    public static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public static String thingArn(String thing) {
        return ARN + "thing/" + thing;
    }

    public static String groupArn(String group) {
        return ARN + "thinggroup/" + group;
    }

    /** A CreateJob body of these targets and a small document. */
    public static ObjectNode job(String... targets) {
        ObjectNode body = JSON.createObjectNode().put("document", "{\"operation\":\"reboot\"}");
        for (String target : targets) {
            body.withArray("targets").add(target);
        }
        return body;
    }

    public static ValidatableResponse createJob(String jobId, ObjectNode body) {
        return control().body(body.toString()).put("/jobs/" + jobId).then();
    }

    public static ValidatableResponse describeJob(String jobId) {
        return control().get("/jobs/" + jobId).then();
    }

    /** A control-plane call, signed {@code iot}. */
    public static RequestSpecification control() {
        return given().contentType(ContentType.JSON).header("x-iotdm-signing-service", "iot");
    }

    /** A device API call, signed {@code iot-jobs-data}. */
    public static RequestSpecification device() {
        return given().contentType(ContentType.JSON).header("x-iotdm-signing-service", "iot-jobs-data");
    }

    public static ValidatableResponse update(String thing, String jobId, String body) {
        return device().body(body).post("/things/" + thing + "/jobs/" + jobId).then();
    }
}

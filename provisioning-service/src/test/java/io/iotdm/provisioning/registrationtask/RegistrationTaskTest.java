package io.iotdm.provisioning.registrationtask;

import static io.iotdm.provisioning.registrationtask.RegistrationTasks.BODY;
import static io.iotdm.provisioning.registrationtask.RegistrationTasks.BUCKET;
import static io.iotdm.provisioning.registrationtask.RegistrationTasks.JSON;
import static io.iotdm.provisioning.registrationtask.RegistrationTasks.ROLE_ARN;
import static io.iotdm.provisioning.registrationtask.RegistrationTasks.THING_BODY;
import static io.iotdm.provisioning.registrationtask.RegistrationTasks.awaitEnd;
import static io.iotdm.provisioning.registrationtask.RegistrationTasks.describe;
import static io.iotdm.provisioning.registrationtask.RegistrationTasks.reportLines;
import static io.iotdm.provisioning.registrationtask.RegistrationTasks.reports;
import static io.iotdm.provisioning.registrationtask.RegistrationTasks.start;
import static io.iotdm.provisioning.registrationtask.RegistrationTasks.stop;
import static io.iotdm.provisioning.registrationtask.RegistrationTasks.unique;
import static io.iotdm.provisioning.registrationtask.RegistrationTasks.upload;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import io.iotdm.provisioning.ProvisioningTestResource;
import io.iotdm.provisioning.TestPeers;
import io.iotdm.provisioning.TestPki;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Bulk registration through the AWS operations (docs/aws-behaviour.md §6.9), on devstack's PostgreSQL, Kafka and S3
 * store: every operation's refusals, a task of 1,000 lines with bad ones, its reports, Stop, and the listing.
 */
@QuarkusTest
@ProvisioningTestResource
class RegistrationTaskTest {

    private static final KeyPair DEVICE_KEY = TestPki.ec();
    private static final String BAD_CSR =
            "-----BEGIN CERTIFICATE REQUEST-----\nbm90IGEgQ1NS\n-----END CERTIFICATE REQUEST-----\n";

    @Inject
    TestPeers peers;

    @Test
    void startRefusesABadTemplateARoleThatIsNotARoleAndAMissingInputFile() {
        String key = upload(List.of("{\"ThingName\":\"t\"}"));
        start("{\"Resources\":{\"thing\":{\"Type\":\"AWS::IoT::Thing\"}}}", BUCKET, key, ROLE_ARN)
                .statusCode(400)
                .header("x-amzn-ErrorType", "InvalidRequestException")
                .body("message", equalTo("Resource thing: Properties must be an object"));
        start(THING_BODY, BUCKET, key, "arn:aws:iam::123456789012:user/someone")
                .statusCode(400)
                .header("x-amzn-ErrorType", "InvalidRequestException")
                .body(
                        "message",
                        equalTo("roleArn arn:aws:iam::123456789012:user/someone is not the ARN of an IAM role"
                                + " (arn:aws:iam::<account>:role/<name>)"));
        start(THING_BODY, BUCKET, "missing.json", ROLE_ARN)
                .statusCode(400)
                .header("x-amzn-ErrorType", "InvalidRequestException")
                .body("message", equalTo("The input file s3://registration-input/missing.json does not exist"));
        start(THING_BODY, "no-such-bucket", key, ROLE_ARN)
                .statusCode(400)
                .header("x-amzn-ErrorType", "InvalidRequestException")
                .body("message", equalTo("The input file s3://no-such-bucket/" + key + " does not exist"));
    }

    @Test
    void anUnknownTaskIsNotFoundExceptForReportsWhoseModelDeclaresOnlyInvalidRequest() {
        describe("no-such-task")
                .statusCode(404)
                .header("x-amzn-ErrorType", "ResourceNotFoundException")
                .body("message", equalTo("Thing registration task no-such-task does not exist"));
        stop("no-such-task")
                .statusCode(404)
                .header("x-amzn-ErrorType", "ResourceNotFoundException")
                .body("message", equalTo("Thing registration task no-such-task does not exist"));
        reports("no-such-task", "RESULTS", null, null)
                .statusCode(400)
                .header("x-amzn-ErrorType", "InvalidRequestException")
                .body("message", equalTo("Thing registration task no-such-task does not exist"));
    }

    @Test
    void aThousandLinesWithBadOnesEndWithExactCountsAndReports() {
        String prefix = unique("bulk");
        List<String> lines = new ArrayList<>();
        List<String> expectedErrors = new ArrayList<>();
        List<Integer> expectedResults = new ArrayList<>();
        for (int i = 1; i <= 1000; i++) {
            int lineNumber = i < 500 ? i : i + 1; // a blank line after the 499th: numbered, not a task line
            String thing = prefix + "-" + i;
            switch (i % 100) {
                case 7 -> {
                    lines.add(line("bad name " + i, "s" + i));
                    expectedErrors.add("{\"lineNumber\":" + lineNumber + ",\"thingName\":\"bad name " + i
                            + "\",\"errorCode\":\"ResourceRegistrationFailureException\",\"errorMessage\":\"Resource"
                            + " thing: ThingName: the name 'bad name " + i + "' must match [a-zA-Z0-9:_-]+\"}");
                }
                case 13 -> {
                    lines.add(line(thing, null));
                    expectedErrors.add("{\"lineNumber\":" + lineNumber + ",\"thingName\":\"" + thing
                            + "\",\"errorCode\":\"ResourceRegistrationFailureException\",\"errorMessage\":\"Resource"
                            + " thing: AttributePayload: Ref to parameter SerialNumber, which has no value and no"
                            + " default\"}");
                }
                case 42 -> {
                    lines.add(line(thing, "s" + i, BAD_CSR));
                    expectedErrors.add("{\"lineNumber\":" + lineNumber + ",\"thingName\":\"" + thing
                            + "\",\"errorCode\":\"ResourceRegistrationFailureException\",\"errorMessage\":\"Resource"
                            + " certificate (AWS::IoT::Certificate) cannot be provisioned: The request is not valid:"
                            + " certificateSigningRequest is not valid PEM: corrupted stream - out of bounds length"
                            + " found: 83 >= 32\"}");
                }
                case 55 -> {
                    lines.add("[\"" + thing + "\"]");
                    expectedErrors.add("{\"lineNumber\":" + lineNumber
                            + ",\"errorCode\":\"InvalidRequestException\",\"errorMessage\":\"Line " + lineNumber
                            + " is not an object of parameter values: it is not a JSON object\"}");
                }
                default -> {
                    lines.add(line(thing, "s" + i));
                    expectedResults.add(i);
                }
            }
            if (i == 499) {
                lines.add("");
            }
        }
        String taskId = start(BODY, upload(lines));

        JsonPath ended = awaitEnd(taskId);
        assertThat(ended.getString("status")).isEqualTo("Completed");
        assertThat(ended.getInt("successCount")).isEqualTo(960);
        assertThat(ended.getInt("failureCount")).isEqualTo(40);
        assertThat(ended.getInt("percentageProgress")).isEqualTo(100);

        assertThat(reportLines(taskId, "ERRORS")).containsExactlyElementsOf(expectedErrors);
        List<JsonNode> results = reportLines(taskId, "RESULTS").stream()
                .map(RegistrationTaskTest::json)
                .toList();
        assertThat(results).hasSize(960);
        for (int k = 0; k < results.size(); k++) {
            int i = expectedResults.get(k);
            JsonNode result = results.get(k);
            String thing = prefix + "-" + i;
            assertThat(result.path("lineNumber").asInt()).isEqualTo(i < 500 ? i : i + 1);
            assertThat(result.path("thingName").asText()).isEqualTo(thing);
            assertThat(result.path("resourceArns").path("thing").asText())
                    .isEqualTo("arn:aws:iot:us-east-1:123456789012:thing/" + thing);
            String certificatePem = result.path("certificatePem").asText();
            String certificateArn = "arn:aws:iot:us-east-1:123456789012:cert/" + TestPki.certificateId(certificatePem);
            assertThat(result.path("resourceArns").path("certificate").asText()).isEqualTo(certificateArn);
            // provisioned once: the thing exists, with the line's certificate and no other
            assertThat(peers.thingNamed(thing)).isNotNull();
            given().get("/things/" + thing + "/principals")
                    .then()
                    .statusCode(200)
                    .body("principals", equalTo(List.of(certificateArn)));
        }
    }

    @Test
    void reportLinksArePagedOneObjectPerReportLinesPerObject() {
        // %test: report-lines-per-object=300, so 700 results are 3 objects
        String prefix = unique("paged");
        String taskId = start(
                THING_BODY,
                upload(IntStream.rangeClosed(1, 700)
                        .mapToObj(i -> "{\"ThingName\":\"" + prefix + "-" + i + "\"}")
                        .toList()));
        assertThat(awaitEnd(taskId).getString("status")).isEqualTo("Completed");
        JsonPath first =
                reports(taskId, "RESULTS", null, 2).statusCode(200).extract().jsonPath();
        assertThat(first.getList("resourceLinks")).hasSize(2);
        JsonPath second = reports(taskId, "RESULTS", first.getString("nextToken"), 2)
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(second.getList("resourceLinks")).hasSize(1);
        assertThat(second.getString("nextToken")).isNull();
        reports(taskId, "ERRORS", first.getString("nextToken"), 2)
                .statusCode(400)
                .header("x-amzn-ErrorType", "InvalidRequestException");
        assertThat(reports(taskId, "ERRORS", null, null)
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getList("resourceLinks"))
                .isEmpty();
    }

    @Test
    void stopCancelsTheLinesNotDoneAndReportsThoseDone() {
        String prefix = unique("stopped");
        String taskId = start(
                BODY,
                upload(IntStream.rangeClosed(1, 1000)
                        .mapToObj(i -> line(prefix + "-" + i, "s" + i))
                        .toList()));
        stop(taskId).statusCode(200);
        assertThat(describe(taskId).statusCode(200).extract().jsonPath().getString("status"))
                .isIn("Cancelling", "Cancelled");

        JsonPath ended = awaitEnd(taskId);
        assertThat(ended.getString("status")).isEqualTo("Cancelled");
        int done = ended.getInt("successCount");
        assertThat(done).isLessThan(1000);
        assertThat(ended.getInt("failureCount")).isZero();
        assertThat(reportLines(taskId, "RESULTS")).hasSize(done);
        stop(taskId).statusCode(200); // stopping a stopped task changes nothing

        String completed = start(THING_BODY, upload(List.of("{\"ThingName\":\"" + prefix + "-done\"}")));
        assertThat(awaitEnd(completed).getString("status")).isEqualTo("Completed");
        stop(completed)
                .statusCode(400)
                .header("x-amzn-ErrorType", "InvalidRequestException")
                .body(
                        "message",
                        equalTo("Thing registration task " + completed + " cannot be stopped: it is Completed"));
    }

    private static String line(String thingName, String serialNumber) {
        return line(thingName, serialNumber, TestPki.csr("CN=" + thingName.replace(' ', '-'), DEVICE_KEY));
    }

    private static String line(String thingName, String serialNumber, String csr) {
        var line = JSON.createObjectNode().put("ThingName", thingName).put("CSR", csr);
        if (serialNumber != null) {
            line.put("SerialNumber", serialNumber);
        }
        return line.toString();
    }

    private static JsonNode json(String line) {
        try {
            return JSON.readTree(line);
        } catch (Exception e) {
            throw new AssertionError(line, e);
        }
    }
}

package io.iotdm.provisioning.registrationtask;

import static io.iotdm.provisioning.registrationtask.RegistrationTasks.BUCKET;
import static io.iotdm.provisioning.registrationtask.RegistrationTasks.JSON;
import static io.iotdm.provisioning.registrationtask.RegistrationTasks.ROLE_ARN;
import static io.iotdm.provisioning.registrationtask.RegistrationTasks.THING_BODY;
import static io.iotdm.provisioning.registrationtask.RegistrationTasks.awaitEnd;
import static io.iotdm.provisioning.registrationtask.RegistrationTasks.reportLines;
import static io.iotdm.provisioning.registrationtask.RegistrationTasks.s3;
import static io.iotdm.provisioning.registrationtask.RegistrationTasks.start;
import static io.iotdm.provisioning.registrationtask.RegistrationTasks.unique;
import static io.iotdm.provisioning.registrationtask.RegistrationTasks.upload;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import io.iotdm.provisioning.ProvisioningTestResource;
import io.iotdm.provisioning.TestPki;
import io.iotdm.provisioning.registration.RegistrationOutcome;
import io.iotdm.provisioning.registration.ThingRegistrations;
import io.iotdm.provisioning.template.ProvisioningPlan;
import io.iotdm.provisioning.template.ProvisioningTemplate;
import io.iotdm.provisioning.template.TemplateUse;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.security.KeyPair;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.hibernate.reactive.mutiny.Mutiny;
import org.junit.jupiter.api.Test;

/**
 * The tasks' leases (docs/aws-behaviour.md §6.9): tasks held by a live runner count against the limit, and a task left
 * in progress by a runner that died is resumed after the lines it recorded.
 */
@QuarkusTest
@ProvisioningTestResource
class RegistrationTaskLeaseTest {

    /** A thing and a certificate from the line's CSR: a line applied twice would issue two certificates. */
    private static final String CSR_BODY =
            """
            {"Parameters": {"ThingName": {"Type": "String"}, "CSR": {"Type": "String"}},
             "Resources": {
               "thing": {"Type": "AWS::IoT::Thing", "Properties": {"ThingName": {"Ref": "ThingName"}}},
               "certificate": {"Type": "AWS::IoT::Certificate",
                 "Properties": {"CertificateSigningRequest": {"Ref": "CSR"}, "Status": "ACTIVE"}}}}""";

    @Inject
    Mutiny.SessionFactory sessions;

    @Inject
    ThingRegistrations registrations;

    @Test
    void startBeyondTheTasksInProgressIsLimitExceededAndALiveRunnersTaskIsLeftToIt() {
        String key = upload(List.of("{\"ThingName\":\"" + unique("limit") + "\"}"));
        // %test: max-in-progress=2; two tasks another live instance runs
        String live = "now() + interval '1 hour'";
        String held = insertTask(key, "InProgress", "live-runner", live, null, List.of());
        String other = insertTask(key, "InProgress", "live-runner", live, null, List.of());
        try {
            RegistrationTasks.start(THING_BODY, BUCKET, key, ROLE_ARN)
                    .statusCode(410)
                    .header("x-amzn-ErrorType", "LimitExceededException")
                    .body(
                            "message",
                            equalTo("Only 2 thing registration task(s) may be in progress at a time; stop one or wait"
                                    + " until it completes"));
            sql("UPDATE thing_registration_task SET status = 'Cancelled' WHERE task_id = '" + other + "'");
            // this instance's runners look for work while this task runs, and must leave the live runner's alone
            assertThat(awaitEnd(start(THING_BODY, key)).getString("status")).isEqualTo("Completed");
            RegistrationTasks.describe(held)
                    .statusCode(200)
                    .body("status", equalTo("InProgress"))
                    .body("successCount", equalTo(0))
                    .body("percentageProgress", equalTo(0));
        } finally {
            sql("UPDATE thing_registration_task SET status = 'Cancelled' WHERE task_id IN ('" + held + "', '" + other
                    + "')");
        }
    }

    @Test
    void aTaskStoppedBeforeAnyRunnerTookItEndsCancelledWithoutLines() {
        String key = upload(List.of("{\"ThingName\":\"" + unique("never") + "\"}"));
        String taskId = insertTask(key, "Cancelling", "dead-runner", "now() - interval '1 minute'", null, List.of());
        JsonPath ended = awaitEnd(taskId);
        assertThat(ended.getString("status")).isEqualTo("Cancelled");
        assertThat(ended.getInt("successCount") + ended.getInt("failureCount")).isZero();
        assertThat(reportLines(taskId, "RESULTS")).isEmpty();
    }

    @Test
    void aTaskADeadRunnerLeftInProgressResumesAfterTheLinesItRecordedAndAppliesNoLineTwice() throws Throwable {
        String prefix = unique("resumed");
        KeyPair key = TestPki.ec();
        List<Map<String, String>> parameters = IntStream.rangeClosed(1, 5)
                .mapToObj(i -> Map.of("ThingName", prefix + "-" + i, "CSR", TestPki.csr("CN=" + prefix + i, key)))
                .toList();
        String inputKey = upload(parameters.stream()
                .map(line -> JSON.valueToTree(line).toString())
                .toList());
        String taskId = UUID.randomUUID().toString();
        // line 3: registered by the dead runner, which died before it recorded the outcome
        ProvisioningPlan plan =
                ProvisioningTemplate.parse(CSR_BODY, TemplateUse.REGISTER_THING).evaluate(parameters.get(2), Map.of());
        RegistrationOutcome before =
                VertxContextSupport.subscribeAndAwait(() -> registrations.register(taskId + ":3", plan));
        // lines 1 and 2 recorded by the dead runner: their report lines must come back as they were, not redone
        List<String> recorded = List.of(
                "{\"lineNumber\":1,\"thingName\":\"" + prefix + "-1\",\"resourceArns\":{\"thing\":\"recorded\"}}",
                "{\"lineNumber\":2,\"thingName\":\"" + prefix + "-2\",\"resourceArns\":{\"thing\":\"recorded\"}}");
        insertTask(taskId, CSR_BODY, inputKey, "InProgress", "dead-runner", "now() - interval '1 minute'", 5, recorded);

        JsonPath ended = awaitEnd(taskId);
        assertThat(ended.getString("status")).isEqualTo("Completed");
        assertThat(ended.getInt("successCount")).isEqualTo(5);
        assertThat(ended.getInt("failureCount")).isZero();
        List<String> results = reportLines(taskId, "RESULTS");
        assertThat(results).hasSize(5);
        assertThat(results.subList(0, 2)).isEqualTo(recorded);
        for (int i = 3; i <= 5; i++) {
            JsonNode result = JSON.readTree(results.get(i - 1));
            String thing = prefix + "-" + i;
            assertThat(result.path("lineNumber").asInt()).isEqualTo(i);
            assertThat(result.path("thingName").asText()).isEqualTo(thing);
            String certificateArn =
                    result.path("resourceArns").path("certificate").asText();
            given().get("/things/" + thing + "/principals")
                    .then()
                    .statusCode(200)
                    .body("principals", equalTo(List.of(certificateArn)));
        }
        // the line the dead runner registered answered its first outcome: the same certificate, none issued again
        assertThat(JSON.readTree(results.get(2))
                        .path("resourceArns")
                        .path("certificate")
                        .asText())
                .isEqualTo(before.resourceArns().get("certificate"));
        assertThat(JSON.readTree(results.get(2)).path("certificatePem").asText())
                .isEqualTo(before.certificatePem().orElseThrow());
    }

    /**
     * A task row as a runner leaves it: leased until {@code leaseExpires}, its lines counted ({@code null}: not yet),
     * the first ones recorded as succeeded.
     */
    private String insertTask(
            String key, String status, String owner, String leaseExpires, Integer lineCount, List<String> recorded) {
        String taskId = UUID.randomUUID().toString();
        insertTask(taskId, THING_BODY, key, status, owner, leaseExpires, lineCount, recorded);
        return taskId;
    }

    private void insertTask(
            String taskId,
            String body,
            String key,
            String status,
            String owner,
            String leaseExpires,
            Integer lineCount,
            List<String> recorded) {
        String etag = s3().headObject(b -> b.bucket(BUCKET).key(key)).eTag();
        sql("INSERT INTO thing_registration_task (task_id, template_body, input_file_bucket, input_file_key,"
                + " input_file_etag, role_arn, status, line_count, success_count, lease_owner, lease_expires,"
                + " creation_date, last_modified_date) VALUES ('" + taskId + "', '" + body.replace("'", "''")
                + "', '" + BUCKET + "', '" + key + "', '" + etag.replace("'", "''") + "', '" + ROLE_ARN
                + "', '" + status + "', " + lineCount + ", " + recorded.size() + ", '"
                + owner + "', " + leaseExpires
                + ", now(), now())");
        for (int i = 0; i < recorded.size(); i++) {
            sql("INSERT INTO thing_registration_task_line VALUES ('" + taskId + "', " + (i + 1) + ", true, '"
                    + recorded.get(i) + "')");
        }
    }

    private void sql(String statement) {
        try {
            VertxContextSupport.subscribeAndAwait(() -> sessions.withTransaction(
                    session -> session.createNativeQuery(statement).executeUpdate()));
        } catch (Throwable e) {
            throw new AssertionError(statement, e);
        }
    }
}

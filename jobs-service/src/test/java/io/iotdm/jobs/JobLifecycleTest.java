package io.iotdm.jobs;

import static io.iotdm.jobs.JobCalls.control;
import static io.iotdm.jobs.JobCalls.createJob;
import static io.iotdm.jobs.JobCalls.describeJob;
import static io.iotdm.jobs.JobCalls.device;
import static io.iotdm.jobs.JobCalls.groupArn;
import static io.iotdm.jobs.JobCalls.job;
import static io.iotdm.jobs.JobCalls.thingArn;
import static io.iotdm.jobs.JobCalls.unique;
import static io.iotdm.jobs.JobCalls.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import com.fasterxml.jackson.databind.JsonNode;
import io.iotdm.events.JobEvents;
import io.iotdm.jobs.rollout.RolloutEngine;
import io.iotdm.testing.KafkaTopicReader;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A job from creation to COMPLETED through the device API, with AWS's shapes, counts and events. */
@QuarkusTest
@JobsTestResource
class JobLifecycleTest {

    @Inject
    TestPeers peers;

    @Inject
    RolloutEngine engine;

    @Inject
    TestClock clock;

    @Test
    void aJobOfThingsAndAGroupCompletesWhenEveryDeviceHasSucceeded() throws IOException {
        String a = unique("lamp");
        String b = unique("lamp");
        String c = unique("lamp");
        String group = unique("floor");
        peers.group(group, b, c);
        String jobId = unique("reboot");

        createJob(jobId, job(thingArn(a), groupArn(group)).put("description", "reboot the lamps"))
                .statusCode(200)
                .body("jobId", equalTo(jobId))
                .body("jobArn", equalTo(JobCalls.ARN + "job/" + jobId))
                .body("description", equalTo("reboot the lamps"));

        describeJob(jobId)
                .statusCode(200)
                .body("job.status", equalTo("IN_PROGRESS"))
                .body("job.targetSelection", equalTo("SNAPSHOT"))
                .body("job.targets", contains(thingArn(a), groupArn(group)))
                .body("job.createdAt", equalTo((int) clock.now().getEpochSecond()))
                .body("job.completedAt", nullValue())
                .body("job.isConcurrent", equalTo(false))
                .body("job.jobProcessDetails.numberOfQueuedThings", equalTo(3))
                .body("job.jobProcessDetails.numberOfSucceededThings", equalTo(0))
                .body("job.jobProcessDetails.processingTargets", nullValue());
        control()
                .get("/jobs/" + jobId + "/job-document")
                .then()
                .statusCode(200)
                .body("document", equalTo("{\"operation\":\"reboot\"}"));

        // the device API over HTTP: the pending executions, then the next one started
        device().get("/things/" + a + "/jobs")
                .then()
                .statusCode(200)
                .body("inProgressJobs", hasSize(0))
                .body("queuedJobs.jobId", contains(jobId))
                .body("queuedJobs[0].versionNumber", equalTo(1))
                .body("queuedJobs[0].executionNumber", equalTo(1))
                .body("queuedJobs[0].queuedAt", equalTo((int) clock.now().getEpochSecond()));
        device().body("{\"statusDetails\":{\"step\":\"download\"}}")
                .put("/things/" + a + "/jobs/$next")
                .then()
                .statusCode(200)
                .body("execution.jobId", equalTo(jobId))
                .body("execution.thingName", equalTo(a))
                .body("execution.status", equalTo("IN_PROGRESS"))
                .body("execution.statusDetails.step", equalTo("download"))
                .body("execution.versionNumber", equalTo(2))
                .body("execution.jobDocument", equalTo("{\"operation\":\"reboot\"}"));
        update(
                        a,
                        jobId,
                        "{\"status\":\"IN_PROGRESS\",\"statusDetails\":{\"step\":\"install\"},"
                                + "\"expectedVersion\":2,\"includeJobExecutionState\":true}")
                .statusCode(200)
                .body("executionState.status", equalTo("IN_PROGRESS"))
                .body("executionState.statusDetails.step", equalTo("install"))
                .body("executionState.versionNumber", equalTo(3))
                .body("jobDocument", nullValue());
        update(a, jobId, "{\"status\":\"SUCCEEDED\",\"includeJobDocument\":true}")
                .statusCode(200)
                .body("jobDocument", equalTo("{\"operation\":\"reboot\"}"))
                .body("executionState", nullValue());
        // QUEUED may go straight to a terminal status (docs/aws-behaviour.md §5.2)
        update(b, jobId, "{\"status\":\"FAILED\"}").statusCode(200);
        update(c, jobId, "{\"status\":\"REJECTED\"}").statusCode(200);

        control()
                .get("/things/" + a + "/jobs/" + jobId)
                .then()
                .statusCode(200)
                .body("execution.status", equalTo("SUCCEEDED"))
                .body("execution.thingArn", equalTo(thingArn(a)))
                .body("execution.statusDetails.detailsMap.step", equalTo("install"))
                .body("execution.versionNumber", equalTo(4))
                .body("execution.startedAt", notNullValue())
                .body("execution.forceCanceled", equalTo(false));
        device().get("/things/" + a + "/jobs/" + jobId + "?includeJobDocument=false")
                .then()
                .statusCode(200)
                .body("execution.status", equalTo("SUCCEEDED"))
                .body("execution.jobDocument", nullValue());

        EngineSteps.until(
                engine, () -> "COMPLETED".equals(describeJob(jobId).extract().path("job.status")));
        describeJob(jobId)
                .statusCode(200)
                .body("job.status", equalTo("COMPLETED"))
                .body("job.completedAt", notNullValue())
                .body("job.jobProcessDetails.numberOfSucceededThings", equalTo(1))
                .body("job.jobProcessDetails.numberOfFailedThings", equalTo(1))
                .body("job.jobProcessDetails.numberOfRejectedThings", equalTo(1))
                .body("job.jobProcessDetails.numberOfQueuedThings", equalTo(0))
                .body("job.jobProcessDetails.numberOfInProgressThings", equalTo(0));

        var jobEvents = KafkaTopicReader.await(
                JobEvents.JOB_TOPIC, record -> record.key().equals(jobId), 2);
        List<String> topics = jobEvents.stream()
                .map(record -> KafkaTopicReader.header(record, "mqtt-topic"))
                .toList();
        assertThat(topics)
                .containsExactly("$aws/events/job/" + jobId + "/created", "$aws/events/job/" + jobId + "/completed");
        JsonNode completed = JobCalls.JSON.readTree(jobEvents.get(1).value());
        assertThat(completed.path("eventType").asText()).isEqualTo("JOB");
        assertThat(completed.path("operation").asText()).isEqualTo("completed");
        assertThat(completed.path("status").asText()).isEqualTo("COMPLETED");
        assertThat(completed
                        .path("jobProcessDetails")
                        .path("numberOfSucceededThings")
                        .asLong())
                .isEqualTo(1);
        assertThat(completed
                        .path("jobProcessDetails")
                        .path("numberOfFailedThings")
                        .asLong())
                .isEqualTo(1);
        assertThat(completed
                        .path("jobProcessDetails")
                        .path("numberOfRejectedThings")
                        .asLong())
                .isEqualTo(1);

        var executionEvents = KafkaTopicReader.await(
                JobEvents.JOB_EXECUTION_TOPIC, record -> record.value().contains("\"jobId\":\"" + jobId + "\""), 3);
        assertThat(executionEvents)
                .extracting(record -> KafkaTopicReader.header(record, "mqtt-topic"))
                .containsExactlyInAnyOrder(
                        "$aws/events/jobExecution/" + jobId + "/succeeded",
                        "$aws/events/jobExecution/" + jobId + "/failed",
                        "$aws/events/jobExecution/" + jobId + "/rejected");
        JsonNode succeeded = executionEvents.stream()
                .filter(record -> record.key().equals(a))
                .map(record -> readTree(record.value()))
                .findFirst()
                .orElseThrow();
        assertThat(succeeded.path("eventType").asText()).isEqualTo("JOB_EXECUTION");
        assertThat(succeeded.path("thingArn").asText()).isEqualTo(thingArn(a));
        assertThat(succeeded.path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(succeeded.path("statusDetails").path("step").asText()).isEqualTo("install");
    }

    @Test
    void listsFilterAndPage() {
        String group = unique("shelf");
        String thing = unique("lamp");
        peers.group(group, thing);
        String first = unique("first");
        String second = unique("second");
        createJob(first, job(groupArn(group))).statusCode(200);
        createJob(second, job(thingArn(thing))).statusCode(200);

        control()
                .get("/jobs?thingGroupName=" + group)
                .then()
                .statusCode(200)
                .body("jobs.jobId", contains(first))
                .body("jobs[0].thingGroupId", equalTo(TestPeers.groupId(group)))
                .body("jobs[0].targetSelection", equalTo("SNAPSHOT"))
                .body("jobs[0].isConcurrent", equalTo(false));
        control().get("/jobs?thingGroupId=" + TestPeers.groupId(group)).then().body("jobs.jobId", contains(first));
        control().get("/jobs?status=IN_PROGRESS&maxResults=250").then().body("jobs.jobId", hasItem(second));
        control().get("/jobs?status=COMPLETED&maxResults=250").then().body("jobs.jobId", not(hasItem(second)));
        // newest first, one a page
        String token = control()
                .get("/jobs?maxResults=1")
                .then()
                .statusCode(200)
                .body("jobs.jobId", contains(second))
                .extract()
                .path("nextToken");
        // the token is base64url: nothing in it to escape
        control()
                .get("/jobs?maxResults=1&nextToken=" + token)
                .then()
                .statusCode(200)
                .body("jobs.jobId", contains(first));

        control()
                .get("/jobs/" + first + "/things")
                .then()
                .statusCode(200)
                .body("executionSummaries.thingArn", contains(thingArn(thing)))
                .body("executionSummaries[0].jobExecutionSummary.status", equalTo("QUEUED"))
                .body("executionSummaries[0].jobExecutionSummary.executionNumber", equalTo(1));
        control()
                .get("/things/" + thing + "/jobs")
                .then()
                .statusCode(200)
                .body("executionSummaries.jobId", containsInAnyOrder(first, second));
        control()
                .get("/things/" + thing + "/jobs?jobId=" + second)
                .then()
                .body("executionSummaries.jobId", contains(second));
        control().get("/things/" + thing + "/jobs?status=SUCCEEDED").then().body("executionSummaries", hasSize(0));
    }

    @Test
    void createRefusesWhatAwsRefuses() {
        String jobId = unique("dup");
        createJob(jobId, job(thingArn(unique("lamp")))).statusCode(200);
        createJob(jobId, job(thingArn(unique("lamp"))))
                .statusCode(409)
                .header("x-amzn-ErrorType", "ResourceAlreadyExistsException")
                .body("message", equalTo("Job with id " + jobId + " already exists."))
                .body("resourceId", equalTo(jobId))
                .body("resourceArn", equalTo(JobCalls.ARN + "job/" + jobId));

        String missing = unique("nowhere");
        createJob(unique("job"), job(groupArn(missing)))
                .statusCode(404)
                .header("x-amzn-ErrorType", "ResourceNotFoundException")
                .body("message", equalTo("Thing group " + missing + " does not exist."));
        createJob(unique("job"), job("arn:aws:iot:eu-west-1:123456789012:thing/x"))
                .statusCode(400)
                .header("x-amzn-ErrorType", "InvalidRequestException")
                .body(
                        "message",
                        equalTo("Invalid target ARN: arn:aws:iot:eu-west-1:123456789012:thing/x. A target"
                                + " must be the ARN of a thing or of a thing group in this region and account."));
        createJob(unique("job"), job(thingArn("x")).put("document", "{not json"))
                .statusCode(400)
                .header("x-amzn-ErrorType", "InvalidRequestException")
                .body("message", equalTo("The job document is not valid JSON."));
        // the model's enum: SNAPSHOT or CONTINUOUS
        createJob(unique("job"), job(thingArn("x")).put("targetSelection", "SOMETIMES"))
                .statusCode(400)
                .header("x-amzn-ErrorType", "InvalidRequestException");
        var noDocument = job(thingArn("x"));
        noDocument.remove("document");
        createJob(unique("job"), noDocument)
                .statusCode(400)
                .body("message", equalTo("Either document or documentSource must be specified."));

        String unknown = unique("unknown");
        describeJob(unknown)
                .statusCode(404)
                .header("x-amzn-ErrorType", "ResourceNotFoundException")
                .body("message", equalTo("Job " + unknown + " does not exist."));
        control()
                .get("/jobs/" + unknown + "/things")
                .then()
                .statusCode(404)
                .body("message", equalTo("Job " + unknown + " does not exist."));
    }

    @Test
    void theDeviceApiRefusesWhatAwsRefuses() {
        String thing = unique("lamp");
        String jobId = unique("job");
        createJob(jobId, job(thingArn(thing))).statusCode(200);

        update(thing, jobId, "{\"status\":\"CANCELED\"}")
                .statusCode(400)
                .header("x-amzn-ErrorType", "InvalidRequestException")
                .body(
                        "message",
                        equalTo("A device may set the status of a job execution to IN_PROGRESS, SUCCEEDED,"
                                + " FAILED or REJECTED only, not CANCELED."));
        update(thing, jobId, "{\"status\":\"IN_PROGRESS\",\"expectedVersion\":7}")
                .statusCode(409)
                .header("x-amzn-ErrorType", "InvalidStateTransitionException")
                .body("message", equalTo("The expected version 7 does not match the job execution's version 1."));
        update(thing, jobId, "{\"status\":\"SUCCEEDED\"}").statusCode(200);
        update(thing, jobId, "{\"status\":\"IN_PROGRESS\"}")
                .statusCode(409)
                .header("x-amzn-ErrorType", "InvalidStateTransitionException")
                .body(
                        "message",
                        equalTo("The job execution is in the terminal status SUCCEEDED and cannot be updated."));
        String other = unique("lamp");
        update(other, jobId, "{\"status\":\"IN_PROGRESS\"}")
                .statusCode(404)
                .header("x-amzn-ErrorType", "ResourceNotFoundException")
                .body("message", equalTo("Job execution of job " + jobId + " for thing " + other + " does not exist."));

        // nothing pending: no execution, not an error
        device().put("/things/" + thing + "/jobs/$next").then().statusCode(200).body("execution", nullValue());
        device().get("/things/" + thing + "/jobs/$next").then().statusCode(200).body("execution", nullValue());
    }

    private static JsonNode readTree(String json) {
        try {
            return JobCalls.JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}

package io.iotdm.jobs;

import static io.iotdm.jobs.JobCalls.control;
import static io.iotdm.jobs.JobCalls.createJob;
import static io.iotdm.jobs.JobCalls.describeJob;
import static io.iotdm.jobs.JobCalls.job;
import static io.iotdm.jobs.JobCalls.thingArn;
import static io.iotdm.jobs.JobCalls.unique;
import static io.iotdm.jobs.JobCalls.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.iotdm.events.JobEvents;
import io.iotdm.jobs.rollout.RolloutEngine;
import io.iotdm.testing.KafkaTopicReader;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/** CancelJob, DeleteJob and the execution cancel/delete operations: AWS's state rules and exact errors. */
@QuarkusTest
@JobsTestResource
class CancelAndDeleteTest {

    @Inject
    RolloutEngine engine;

    @Test
    void cancelWithoutForceLeavesInProgressExecutionsAndForceCancelsThem() {
        String queued = unique("lamp");
        String working = unique("lamp");
        String jobId = unique("job");
        createJob(jobId, job(thingArn(queued), thingArn(working))).statusCode(200);
        update(working, jobId, "{\"status\":\"IN_PROGRESS\"}").statusCode(200);

        control()
                .body("{\"reasonCode\":\"BAD_FIRMWARE\",\"comment\":\"stop\"}")
                .put("/jobs/" + jobId + "/cancel")
                .then()
                .statusCode(200)
                .body("jobId", equalTo(jobId));
        describeJob(jobId)
                .body("job.status", equalTo("CANCELED"))
                .body("job.forceCanceled", equalTo(false))
                .body("job.reasonCode", equalTo("BAD_FIRMWARE"))
                .body("job.comment", equalTo("stop"))
                .body("job.jobProcessDetails.numberOfCanceledThings", equalTo(1))
                .body("job.jobProcessDetails.numberOfInProgressThings", equalTo(1));
        control()
                .body("{}")
                .put("/jobs/" + jobId + "/cancel")
                .then()
                .statusCode(400)
                .header("x-amzn-ErrorType", "InvalidRequestException")
                .body("message", equalTo("Job " + jobId + " cannot be canceled because it is in status CANCELED."));

        control().body("{}").put("/jobs/" + jobId + "/cancel?force=true").then().statusCode(200);
        describeJob(jobId)
                .body("job.forceCanceled", equalTo(true))
                .body("job.jobProcessDetails.numberOfCanceledThings", equalTo(2))
                .body("job.jobProcessDetails.numberOfInProgressThings", equalTo(0));
        control()
                .get("/things/" + working + "/jobs/" + jobId)
                .then()
                .body("execution.status", equalTo("CANCELED"))
                .body("execution.forceCanceled", equalTo(true));
        // the device's late report of a canceled execution
        update(working, jobId, "{\"status\":\"SUCCEEDED\"}")
                .statusCode(409)
                .header("x-amzn-ErrorType", "InvalidStateTransitionException");

        var events = KafkaTopicReader.await(
                JobEvents.JOB_TOPIC, record -> record.key().equals(jobId), 3);
        assertThat(events)
                .extracting(record -> KafkaTopicReader.header(record, "mqtt-topic"))
                .containsExactly(
                        "$aws/events/job/" + jobId + "/created",
                        "$aws/events/job/" + jobId + "/canceled",
                        "$aws/events/job/" + jobId + "/canceled");
    }

    @Test
    void cancelJobExecutionChecksVersionThenState() {
        String thing = unique("lamp");
        String jobId = unique("job");
        createJob(jobId, job(thingArn(thing))).statusCode(200);
        String cancel = "/things/" + thing + "/jobs/" + jobId + "/cancel";

        control()
                .body("{\"expectedVersion\":5}")
                .put(cancel)
                .then()
                .statusCode(409)
                .header("x-amzn-ErrorType", "VersionConflictException")
                .body("message", equalTo("The expected version 5 does not match the job execution's version 1."));
        update(thing, jobId, "{\"status\":\"IN_PROGRESS\"}").statusCode(200);
        control()
                .body("{}")
                .put(cancel)
                .then()
                .statusCode(409)
                .header("x-amzn-ErrorType", "InvalidStateTransitionException")
                .body(
                        "message",
                        equalTo("The job execution is in status IN_PROGRESS; it can be canceled only with force."));
        control()
                .body("{\"expectedVersion\":2,\"statusDetails\":{\"why\":\"operator\"}}")
                .put(cancel + "?force=true")
                .then()
                .statusCode(200);
        control()
                .get("/things/" + thing + "/jobs/" + jobId)
                .then()
                .body("execution.status", equalTo("CANCELED"))
                .body("execution.statusDetails.detailsMap.why", equalTo("operator"))
                .body("execution.versionNumber", equalTo(3));
        control()
                .body("{}")
                .put(cancel + "?force=true")
                .then()
                .statusCode(409)
                .header("x-amzn-ErrorType", "InvalidStateTransitionException")
                .body("message", equalTo("The job execution is in status CANCELED and cannot be canceled."));

        String unknown = unique("lamp");
        control()
                .body("{}")
                .put("/things/" + unknown + "/jobs/" + jobId + "/cancel")
                .then()
                .statusCode(404)
                .header("x-amzn-ErrorType", "ResourceNotFoundException");
    }

    @Test
    void deleteJobExecutionNeedsATerminalExecutionOrForce() {
        String thing = unique("lamp");
        String jobId = unique("job");
        createJob(jobId, job(thingArn(thing))).statusCode(200);
        String delete = "/things/" + thing + "/jobs/" + jobId + "/executionNumber/1";

        control()
                .delete(delete)
                .then()
                .statusCode(409)
                .header("x-amzn-ErrorType", "InvalidStateTransitionException")
                .body(
                        "message",
                        equalTo("The job execution is in status QUEUED; only a terminal job execution can be"
                                + " deleted without force."));
        control().delete(delete + "?force=true").then().statusCode(200);
        control()
                .get("/things/" + thing + "/jobs/" + jobId)
                .then()
                .statusCode(404)
                .header("x-amzn-ErrorType", "ResourceNotFoundException");
        var deleted = KafkaTopicReader.await(
                JobEvents.JOB_EXECUTION_TOPIC,
                record -> record.key().equals(thing) && record.value().contains(jobId),
                1);
        assertThat(KafkaTopicReader.header(deleted.getFirst(), "mqtt-topic"))
                .isEqualTo("$aws/events/jobExecution/" + jobId + "/deleted");
    }

    @Test
    void deleteJobGoesThroughDeletionInProgress() {
        String a = unique("lamp");
        String b = unique("lamp");
        String jobId = unique("job");
        createJob(jobId, job(thingArn(a), thingArn(b))).statusCode(200);

        control()
                .delete("/jobs/" + jobId)
                .then()
                .statusCode(409)
                .header("x-amzn-ErrorType", "InvalidStateTransitionException")
                .body(
                        "message",
                        equalTo("Job " + jobId + " is in status IN_PROGRESS; only a COMPLETED or CANCELED"
                                + " job can be deleted without force."));
        control().delete("/jobs/" + jobId + "?force=true").then().statusCode(200);
        describeJob(jobId).statusCode(200).body("job.status", equalTo("DELETION_IN_PROGRESS"));
        control()
                .delete("/jobs/" + jobId + "?force=true")
                .then()
                .statusCode(409)
                .header("x-amzn-ErrorType", "InvalidStateTransitionException")
                .body("message", equalTo("Job " + jobId + " is already being deleted."));
        control()
                .body("{}")
                .put("/jobs/" + jobId + "/cancel")
                .then()
                .statusCode(400)
                .header("x-amzn-ErrorType", "InvalidRequestException");

        // the engine deletes the executions, then the job
        EngineSteps.until(engine, () -> describeJob(jobId).extract().statusCode() == 404);
        describeJob(jobId).statusCode(404).header("x-amzn-ErrorType", "ResourceNotFoundException");
        // the id may be used again once the job is gone
        createJob(jobId, job(thingArn(a))).statusCode(200);

        var events = KafkaTopicReader.await(
                JobEvents.JOB_TOPIC, record -> record.key().equals(jobId), 4);
        assertThat(events)
                .extracting(record -> KafkaTopicReader.header(record, "mqtt-topic"))
                .containsExactly(
                        "$aws/events/job/" + jobId + "/created",
                        "$aws/events/job/" + jobId + "/deletion_in_progress",
                        "$aws/events/job/" + jobId + "/deleted",
                        "$aws/events/job/" + jobId + "/created");
        var executions = KafkaTopicReader.await(
                JobEvents.JOB_EXECUTION_TOPIC, record -> record.value().contains("\"jobId\":\"" + jobId + "\""), 2);
        assertThat(executions)
                .extracting(record -> KafkaTopicReader.header(record, "mqtt-topic"))
                .containsOnly("$aws/events/jobExecution/" + jobId + "/deleted");
    }
}

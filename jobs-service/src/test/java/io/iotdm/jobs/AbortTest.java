package io.iotdm.jobs;

import static io.iotdm.jobs.JobCalls.createJob;
import static io.iotdm.jobs.JobCalls.describeJob;
import static io.iotdm.jobs.JobCalls.groupArn;
import static io.iotdm.jobs.JobCalls.job;
import static io.iotdm.jobs.JobCalls.thingArn;
import static io.iotdm.jobs.JobCalls.unique;
import static io.iotdm.jobs.JobCalls.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iotdm.events.JobEvents;
import io.iotdm.jobs.rollout.RolloutEngine;
import io.iotdm.testing.KafkaTopicReader;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** abortConfig (docs/aws-behaviour.md §5.10): stored as given, and the job canceled once a criterion is met. */
@QuarkusTest
@JobsTestResource
class AbortTest {

    @Inject
    TestPeers peers;

    @Inject
    RolloutEngine engine;

    @Inject
    Pool pool;

    @Test
    void aJobIsAbortedOnceTheFailureShareOfItsExecutedThingsIsReached() {
        String working = unique("lamp");
        String failing = unique("lamp");
        String succeeding = unique("lamp");
        String waitingA = unique("lamp");
        String waitingB = unique("lamp");
        String group = unique("floor");
        peers.group(group, working, failing, succeeding, waitingA, waitingB);
        String jobId = unique("firmware");
        ObjectNode body = job(groupArn(group));
        criterion(body, "FAILED", 50, 2);
        createJob(jobId, body).statusCode(200);
        describeJob(jobId)
                .body("job.abortConfig.criteriaList[0].failureType", equalTo("FAILED"))
                .body("job.abortConfig.criteriaList[0].action", equalTo("CANCEL"))
                .body("job.abortConfig.criteriaList[0].thresholdPercentage", equalTo(50.0f))
                .body("job.abortConfig.criteriaList[0].minNumberOfExecutedThings", equalTo(2));

        update(working, jobId, "{\"status\":\"IN_PROGRESS\"}").statusCode(200);
        update(failing, jobId, "{\"status\":\"FAILED\"}").statusCode(200);
        // one executed thing, all failed: fewer than minNumberOfExecutedThings, so no abort
        stepOver(jobId);
        describeJob(jobId).body("job.status", equalTo("IN_PROGRESS"));

        update(succeeding, jobId, "{\"status\":\"SUCCEEDED\"}").statusCode(200);
        EngineSteps.until(
                engine, () -> "CANCELED".equals(describeJob(jobId).extract().path("job.status")));
        describeJob(jobId)
                .body("job.forceCanceled", equalTo(false))
                .body("job.reasonCode", equalTo("ABORT_CRITERIA_MET"))
                .body(
                        "job.comment",
                        equalTo("Job aborted: 1 of 2 executed things ended FAILED (50%), reaching the abort threshold"
                                + " of 50% after at least 2 executed things."))
                .body("job.completedAt", notNullValue())
                .body("job.jobProcessDetails.numberOfCanceledThings", equalTo(2))
                .body("job.jobProcessDetails.numberOfInProgressThings", equalTo(1))
                .body("job.jobProcessDetails.numberOfFailedThings", equalTo(1))
                .body("job.jobProcessDetails.numberOfSucceededThings", equalTo(1));
        // an abort cancels only what is QUEUED: the IN_PROGRESS execution may still end
        update(working, jobId, "{\"status\":\"SUCCEEDED\"}").statusCode(200);

        var jobEvents = KafkaTopicReader.await(
                JobEvents.JOB_TOPIC, record -> record.key().equals(jobId), 2);
        assertThat(jobEvents)
                .extracting(record -> KafkaTopicReader.header(record, "mqtt-topic"))
                .containsExactly("$aws/events/job/" + jobId + "/created", "$aws/events/job/" + jobId + "/canceled");
        var canceled = KafkaTopicReader.await(
                JobEvents.JOB_EXECUTION_TOPIC,
                record -> record.value().contains("\"jobId\":\"" + jobId + "\"")
                        && KafkaTopicReader.header(record, "mqtt-topic").endsWith("/canceled"),
                2);
        assertThat(canceled).extracting(record -> record.key()).containsExactlyInAnyOrder(waitingA, waitingB);
    }

    @Test
    void anAbortDuringTheRolloutDropsTheThingsNotQueuedYet() {
        String failing = unique("lamp");
        String rejecting = unique("lamp");
        String queued = unique("lamp");
        String later = unique("lamp");
        String group = unique("floor");
        peers.group(group, failing, rejecting, queued, later);
        String jobId = unique("firmware");
        ObjectNode body = job(groupArn(group));
        body.putObject("jobExecutionsRolloutConfig").put("maximumPerMinute", 3);
        criterion(body, "TIMED_OUT", 10, 1);
        criterion(body, "ALL", 99.5, 2);
        createJob(jobId, body).statusCode(200);
        describeJob(jobId).body("job.isConcurrent", equalTo(true));

        // the group's things are queued in name order: the first three have executions
        String[] byName = Stream.of(failing, rejecting, queued, later).sorted().toArray(String[]::new);
        update(byName[0], jobId, "{\"status\":\"FAILED\"}").statusCode(200);
        update(byName[1], jobId, "{\"status\":\"REJECTED\"}").statusCode(200);
        EngineSteps.until(
                engine, () -> "CANCELED".equals(describeJob(jobId).extract().path("job.status")));
        describeJob(jobId)
                .body("job.isConcurrent", equalTo(false))
                .body("job.jobProcessDetails.processingTargets", nullValue())
                .body("job.jobProcessDetails.numberOfCanceledThings", equalTo(1))
                .body("job.abortConfig.criteriaList[1].failureType", equalTo("ALL"))
                .body("job.abortConfig.criteriaList[1].thresholdPercentage", equalTo(99.5f))
                .body(
                        "job.comment",
                        equalTo(
                                "Job aborted: 2 of 2 executed things ended FAILED, REJECTED or TIMED_OUT (100%), reaching the abort threshold"
                                        + " of 99.5% after at least 2 executed things."));
        JobCalls.control().get("/jobs/" + jobId + "/things").then().body("executionSummaries", hasSize(3));
    }

    @Test
    void abortConfigIsCheckedBeyondTheModel() {
        ObjectNode tooPrecise = job(thingArn(unique("lamp")));
        criterion(tooPrecise, "FAILED", 10.999, 1);
        createJob(unique("job"), tooPrecise)
                .statusCode(400)
                .header("x-amzn-ErrorType", "InvalidRequestException")
                .body(
                        "message",
                        equalTo("abortConfig thresholdPercentage 10.999 has more than two digits after the decimal"
                                + " point."));
        ObjectNode unknownType = job(thingArn(unique("lamp")));
        criterion(unknownType, "LOST", 10, 1);
        createJob(unique("job"), unknownType).statusCode(400).header("x-amzn-ErrorType", "InvalidRequestException");
        ObjectNode overHundred = job(thingArn(unique("lamp")));
        criterion(overHundred, "FAILED", 100.5, 1);
        createJob(unique("job"), overHundred).statusCode(400).header("x-amzn-ErrorType", "InvalidRequestException");
    }

    private static void criterion(ObjectNode body, String failureType, double threshold, int minExecuted) {
        body.with("abortConfig")
                .withArray("criteriaList")
                .addObject()
                .put("failureType", failureType)
                .put("action", "CANCEL")
                .put("thresholdPercentage", threshold)
                .put("minNumberOfExecutedThings", minExecuted);
    }

    /** Steps the engine until it has stepped the job's rollout once more (its abort criteria evaluated). */
    private void stepOver(String jobId) {
        long before = lastStep(jobId);
        EngineSteps.until(engine, () -> lastStep(jobId) != before);
    }

    private long lastStep(String jobId) {
        return pool.preparedQuery("SELECT last_step FROM rollout WHERE job_id = $1")
                .execute(Tuple.of(jobId))
                .await()
                .indefinitely()
                .iterator()
                .next()
                .getLong(0);
    }
}

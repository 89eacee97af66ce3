package io.iotdm.jobs;

import static io.iotdm.jobs.JobCalls.control;
import static io.iotdm.jobs.JobCalls.createJob;
import static io.iotdm.jobs.JobCalls.describeJob;
import static io.iotdm.jobs.JobCalls.device;
import static io.iotdm.jobs.JobCalls.job;
import static io.iotdm.jobs.JobCalls.thingArn;
import static io.iotdm.jobs.JobCalls.unique;
import static io.iotdm.jobs.JobCalls.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iotdm.events.JobEvents;
import io.iotdm.jobs.rollout.RolloutEngine;
import io.iotdm.testing.KafkaTopicReader;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * timeoutConfig and the device's step timer (docs/aws-behaviour.md §5.11): an IN_PROGRESS execution past the first of
 * its timers turns TIMED_OUT, on the test's clock.
 */
@QuarkusTest
@JobsTestResource
class TimeoutTest {

    @Inject
    RolloutEngine engine;

    @Inject
    TestClock clock;

    @Test
    void anInProgressExecutionPastItsJobsTimeoutIsTimedOut() {
        String working = unique("lamp");
        String waiting = unique("lamp");
        String jobId = unique("firmware");
        ObjectNode body = job(thingArn(working), thingArn(waiting));
        body.putObject("timeoutConfig").put("inProgressTimeoutInMinutes", 2);
        createJob(jobId, body).statusCode(200);
        describeJob(jobId).body("job.timeoutConfig.inProgressTimeoutInMinutes", equalTo(2));

        device().body("{\"statusDetails\":{\"step\":\"download\"}}")
                .put("/things/" + working + "/jobs/$next")
                .then()
                .statusCode(200)
                .body("execution.status", equalTo("IN_PROGRESS"));
        execution(working, jobId).body("execution.approximateSecondsBeforeTimedOut", equalTo(120));
        // a QUEUED execution has no timer running
        execution(waiting, jobId).body("execution.approximateSecondsBeforeTimedOut", nullValue());

        clock.advance(Duration.ofMinutes(1));
        engine.step().await().indefinitely();
        execution(working, jobId)
                .body("execution.status", equalTo("IN_PROGRESS"))
                .body("execution.approximateSecondsBeforeTimedOut", equalTo(60));

        clock.advance(Duration.ofSeconds(61));
        EngineSteps.until(engine, () -> "TIMED_OUT".equals(status(working, jobId)));
        execution(working, jobId)
                .body("execution.statusDetails.detailsMap.step", equalTo("download"))
                .body("execution.versionNumber", equalTo(3))
                .body("execution.approximateSecondsBeforeTimedOut", nullValue());
        describeJob(jobId).body("job.jobProcessDetails.numberOfTimedOutThings", equalTo(1));
        update(working, jobId, "{\"status\":\"SUCCEEDED\"}")
                .statusCode(409)
                .header("x-amzn-ErrorType", "InvalidStateTransitionException");

        var timedOut = KafkaTopicReader.await(
                JobEvents.JOB_EXECUTION_TOPIC, record -> record.key().equals(working), 1);
        assertThat(KafkaTopicReader.header(timedOut.getFirst(), "mqtt-topic"))
                .isEqualTo("$aws/events/jobExecution/" + jobId + "/timed_out");
        assertThat(timedOut.getFirst().value()).contains("\"status\":\"TIMED_OUT\"");
    }

    @Test
    void aStepTimerTimesOutFirstAndMinusOneClearsIt() {
        String stepping = unique("lamp");
        String cleared = unique("lamp");
        String jobId = unique("firmware");
        ObjectNode body = job(thingArn(stepping), thingArn(cleared));
        body.putObject("timeoutConfig").put("inProgressTimeoutInMinutes", 60);
        createJob(jobId, body).statusCode(200);

        device().body("{\"stepTimeoutInMinutes\":1}")
                .put("/things/" + stepping + "/jobs/$next")
                .then()
                .statusCode(200);
        execution(stepping, jobId).body("execution.approximateSecondsBeforeTimedOut", equalTo(60));
        update(cleared, jobId, "{\"status\":\"IN_PROGRESS\",\"stepTimeoutInMinutes\":1}")
                .statusCode(200);
        update(cleared, jobId, "{\"status\":\"IN_PROGRESS\",\"stepTimeoutInMinutes\":-1}")
                .statusCode(200);
        // the job's in-progress timer still runs
        execution(cleared, jobId).body("execution.approximateSecondsBeforeTimedOut", equalTo(3600));

        clock.advance(Duration.ofSeconds(61));
        EngineSteps.until(engine, () -> "TIMED_OUT".equals(status(stepping, jobId)));
        // the sweep that timed the one out found the other not due
        execution(cleared, jobId).body("execution.status", equalTo("IN_PROGRESS"));

        update(cleared, jobId, "{\"status\":\"IN_PROGRESS\",\"stepTimeoutInMinutes\":0}")
                .statusCode(400)
                .header("x-amzn-ErrorType", "InvalidRequestException")
                .body(
                        "message",
                        equalTo("stepTimeoutInMinutes must be between 1 and 10080, or -1 to clear the step timer,"
                                + " not 0."));
        ObjectNode tooLong = job(thingArn(unique("lamp")));
        tooLong.putObject("timeoutConfig").put("inProgressTimeoutInMinutes", 10081);
        createJob(unique("job"), tooLong)
                .statusCode(400)
                .header("x-amzn-ErrorType", "InvalidRequestException")
                .body(
                        "message",
                        equalTo("timeoutConfig inProgressTimeoutInMinutes must be between 1 and 10080, not"
                                + " 10081."));
    }

    private static io.restassured.response.ValidatableResponse execution(String thing, String jobId) {
        return control().get("/things/" + thing + "/jobs/" + jobId).then().statusCode(200);
    }

    private static String status(String thing, String jobId) {
        return execution(thing, jobId).extract().path("execution.status");
    }
}

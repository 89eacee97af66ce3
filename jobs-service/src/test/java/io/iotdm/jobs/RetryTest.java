package io.iotdm.jobs;

import static io.iotdm.jobs.JobCalls.control;
import static io.iotdm.jobs.JobCalls.createJob;
import static io.iotdm.jobs.JobCalls.describeJob;
import static io.iotdm.jobs.JobCalls.device;
import static io.iotdm.jobs.JobCalls.job;
import static io.iotdm.jobs.JobCalls.thingArn;
import static io.iotdm.jobs.JobCalls.unique;
import static io.iotdm.jobs.JobCalls.update;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iotdm.jobs.rollout.RolloutEngine;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * jobExecutionsRetryConfig (docs/aws-behaviour.md §5.12): a FAILED or TIMED_OUT execution is followed by a new one
 * while its criterion has retries left.
 */
@QuarkusTest
@JobsTestResource
class RetryTest {

    @Inject
    RolloutEngine engine;

    @Inject
    TestClock clock;

    @Test
    void eachFailureTypeIsRetriedAsANewExecutionUntilItsRetriesAreUsed() {
        String thing = unique("lamp");
        String jobId = unique("firmware");
        ObjectNode body = job(thingArn(thing));
        body.putObject("timeoutConfig").put("inProgressTimeoutInMinutes", 1);
        criterion(body, "FAILED", 1);
        criterion(body, "TIMED_OUT", 1);
        createJob(jobId, body).statusCode(200);
        describeJob(jobId)
                .body("job.jobExecutionsRetryConfig.criteriaList.failureType", contains("FAILED", "TIMED_OUT"))
                .body("job.jobExecutionsRetryConfig.criteriaList.numberOfRetries", contains(1, 1));

        update(thing, jobId, "{\"status\":\"FAILED\"}").statusCode(200);
        attempts(jobId)
                .body("executionSummaries.jobExecutionSummary.status", contains("FAILED", "QUEUED"))
                .body("executionSummaries.jobExecutionSummary.executionNumber", contains(1, 2))
                .body("executionSummaries.jobExecutionSummary.retryAttempt", contains(0, 1));
        control()
                .get("/things/" + thing + "/jobs/" + jobId)
                .then()
                .body("execution.executionNumber", equalTo(2))
                .body("execution.versionNumber", equalTo(1));

        device().put("/things/" + thing + "/jobs/$next")
                .then()
                .statusCode(200)
                .body("execution.executionNumber", equalTo(2));
        clock.advance(Duration.ofSeconds(61));
        EngineSteps.until(engine, () -> statuses(jobId).size() == 3);
        attempts(jobId)
                .body("executionSummaries.jobExecutionSummary.status", contains("FAILED", "TIMED_OUT", "QUEUED"))
                .body("executionSummaries.jobExecutionSummary.retryAttempt", contains(0, 1, 2));

        // FAILED has had its one retry: a second failure ends the thing's attempts
        update(thing, jobId, "{\"status\":\"FAILED\"}").statusCode(200);
        attempts(jobId)
                .body("executionSummaries.jobExecutionSummary.status", contains("FAILED", "TIMED_OUT", "FAILED"));
        control()
                .get("/things/" + thing + "/jobs/" + jobId + "?executionNumber=1")
                .then()
                .body("execution.status", equalTo("FAILED"));
        EngineSteps.until(
                engine, () -> "COMPLETED".equals(describeJob(jobId).extract().path("job.status")));
    }

    @Test
    void retryConfigIsCheckedBeyondTheModel() {
        ObjectNode tooMany = job(thingArn(unique("lamp")));
        tooMany.putObject("timeoutConfig").put("inProgressTimeoutInMinutes", 5);
        criterion(tooMany, "FAILED", 6);
        criterion(tooMany, "TIMED_OUT", 5);
        refused(tooMany, "jobExecutionsRetryConfig allows at most 10 retries in total, not 11.");

        ObjectNode noTimeout = job(thingArn(unique("lamp")));
        criterion(noTimeout, "TIMED_OUT", 1);
        refused(
                noTimeout,
                "jobExecutionsRetryConfig retries TIMED_OUT executions only for a job with a timeoutConfig.");

        ObjectNode allAndMore = job(thingArn(unique("lamp")));
        criterion(allAndMore, "ALL", 1);
        criterion(allAndMore, "FAILED", 1);
        refused(allAndMore, "jobExecutionsRetryConfig cannot combine failureType ALL with another failureType.");

        ObjectNode twice = job(thingArn(unique("lamp")));
        criterion(twice, "FAILED", 1);
        criterion(twice, "FAILED", 2);
        refused(twice, "jobExecutionsRetryConfig names failureType FAILED in more than one criterion.");

        ObjectNode overModel = job(thingArn(unique("lamp")));
        criterion(overModel, "FAILED", 11);
        createJob(unique("job"), overModel).statusCode(400).header("x-amzn-ErrorType", "InvalidRequestException");
    }

    private static void criterion(ObjectNode body, String failureType, int retries) {
        body.with("jobExecutionsRetryConfig")
                .withArray("criteriaList")
                .addObject()
                .put("failureType", failureType)
                .put("numberOfRetries", retries);
    }

    private static void refused(ObjectNode body, String message) {
        createJob(unique("job"), body)
                .statusCode(400)
                .header("x-amzn-ErrorType", "InvalidRequestException")
                .body("message", equalTo(message));
    }

    private static io.restassured.response.ValidatableResponse attempts(String jobId) {
        return control().get("/jobs/" + jobId + "/things").then().statusCode(200);
    }

    private static List<String> statuses(String jobId) {
        return attempts(jobId).extract().path("executionSummaries.jobExecutionSummary.status");
    }
}
